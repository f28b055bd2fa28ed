using Gantry.TestKit;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Cli.Tests.Signing;

/// <summary><c>gantry keygen</c>, <c>sign</c> and <c>verify</c> end to end against a real local registry.</summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class SigningCommandTests : IDisposable
{
    // Every test sets the same value, so tests running in parallel never see another password.
    private const string Password = "cli-test-password";
    private readonly RegistryFixture _registries;
    private readonly string _folder = RegistryImages.TempFolder();

    public SigningCommandTests(RegistryFixture registries)
    {
        _registries = registries;
        Environment.SetEnvironmentVariable("GANTRY_PASSWORD", Password);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<string> KeygenAsync(string name, string format = "pkcs8")
    {
        var prefix = Path.Combine(_folder, name);
        var result = await CliHarness.RunAsync("keygen", "--output-key-prefix", prefix, "--format", format);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return prefix;
    }

    private async Task<(string Image, string Host)> PushImageAsync(string repository)
    {
        var registry = await _registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: repository.Replace('/', '-')), registry, repository + ":1");
        return ($"{registry.Host}/{repository}:1", registry.Host);
    }

    [Fact]
    public async Task Should_Exit_0_When_Verifying_A_Signed_Image_And_1_When_The_Key_Or_Annotation_Differs()
    {
        var key = await KeygenAsync("release");
        var other = await KeygenAsync("other");
        var (image, host) = await PushImageAsync("cli/signed");

        var sign = await CliHarness.RunAsync("sign", image, "--key", key + ".key", "-a", "stage=gate", "--insecure-registry", host);
        var verify = await CliHarness.RunAsync("verify", image, "--key", key + ".pub", "-a", "stage=gate", "--insecure-registry", host);
        var wrongKey = await CliHarness.RunAsync("verify", image, "--key", other + ".pub", "--insecure-registry", host);
        var wrongAnnotation = await CliHarness.RunAsync("verify", image, "--key", key + ".pub", "-a", "stage=dev", "--insecure-registry", host);

        Assert.True(sign.ExitCode == 0, sign.Stderr);
        Assert.Matches(@"cli/signed:sha256-[0-9a-f]{64}\.sig@sha256:[0-9a-f]{64}", sign.Stdout);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.StartsWith("ok   signature #1", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("does not match the key", wrongKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, wrongAnnotation.ExitCode);
        Assert.Contains("annotation stage is \"gate\", not 'dev'", wrongAnnotation.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Sign_And_Verify_With_A_Cosign_Format_Key_When_Keygen_Writes_One()
    {
        var key = await KeygenAsync("cosign-format", "cosign");
        var (image, host) = await PushImageAsync("cli/cosign-key");

        var sign = await CliHarness.RunAsync("sign", image, "--key", key + ".key", "--insecure-registry", host);
        var verify = await CliHarness.RunAsync("verify", image, "--key", key + ".pub", "--insecure-registry", host);

        Assert.StartsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----", await File.ReadAllTextAsync(key + ".key"), StringComparison.Ordinal);
        Assert.True(sign.ExitCode == 0, sign.Stderr);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.StartsWith("ok   signature #1", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Exit_2_Naming_The_Key_When_The_Cosign_Format_Key_Is_Truncated()
    {
        var key = await KeygenAsync("cosign-cut", "cosign");
        var pem = await File.ReadAllTextAsync(key + ".key");
        await File.WriteAllTextAsync(key + ".key", pem[..(pem.Length / 2)]);

        var sign = await CliHarness.RunAsync("sign", "127.0.0.1:1/x:1", "--key", key + ".key");

        Assert.Equal(2, sign.ExitCode);
        Assert.Contains("cosign-cut.key: the cosign key PEM is damaged", sign.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Exit_2_When_The_Key_File_Format_Is_Unknown()
    {
        var keygen = await CliHarness.RunAsync("keygen", "--output-key-prefix", Path.Combine(_folder, "odd"), "--format", "pem");

        Assert.Equal(2, keygen.ExitCode);
        Assert.False(File.Exists(Path.Combine(_folder, "odd.key")));
    }

    [Fact]
    public async Task Should_Exit_1_Naming_The_Missing_Tag_When_The_Image_Is_Unsigned()
    {
        var key = await KeygenAsync("unused");
        var (image, host) = await PushImageAsync("cli/unsigned");

        var verify = await CliHarness.RunAsync("verify", image, "--key", key + ".pub", "--insecure-registry", host);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("no signature:", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains(".sig does not exist", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Exit_2_When_Keygen_Would_Overwrite_A_Key()
    {
        var key = await KeygenAsync("once");
        var before = await File.ReadAllTextAsync(key + ".key");

        var again = await CliHarness.RunAsync("keygen", "--output-key-prefix", key);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("refusing to overwrite", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(key + ".key"));
    }

    [Fact]
    public async Task Should_Exit_2_When_The_Annotation_Has_No_Value()
    {
        var key = await KeygenAsync("annot");

        var sign = await CliHarness.RunAsync("sign", "127.0.0.1:1/x:1", "--key", key + ".key", "-a", "novalue");

        Assert.Equal(2, sign.ExitCode);
        Assert.Contains("--annotation novalue: expected KEY=VALUE", sign.Stderr, StringComparison.Ordinal);
    }
}
