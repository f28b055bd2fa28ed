using System.Text.Json;
using Gantry.IntegrationTests.Registry;
using Gantry.TestKit;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Gate;

/// <summary>
/// <c>gantry gate --trust-server</c> against Debian's registry and notary-server: a passing image is pushed, signed with
/// Docker Content Trust and verified; a STOP pushes and signs nothing; <c>--require-base-trust</c> holds the base image
/// to its Notary signature.
/// </summary>
[Slow(SlowBecause.Notary)]
[Collection(RegistryCollection.Name)]
public sealed class NotaryGateTests : IClassFixture<NotaryFixture>, IDisposable
{
    // Every test sets the same values, so tests running in parallel never see other passphrases.
    private const string Passphrase = "gate-trust-passphrase";
    private readonly RegistryFixture _registries;
    private readonly NotaryFixture _notary;
    private readonly GateScenario _scenario = new();

    public NotaryGateTests(RegistryFixture registries, NotaryFixture notary)
    {
        _registries = registries;
        _notary = notary;
        Environment.SetEnvironmentVariable("GANTRY_TRUST_ROOT_PASSPHRASE", Passphrase);
        Environment.SetEnvironmentVariable("GANTRY_TRUST_REPOSITORY_PASSPHRASE", Passphrase);
    }

    public void Dispose() => _scenario.Dispose();

    private string TrustDir => Path.Combine(_scenario.Folder, "trust");

    [Fact]
    public async Task Should_Push_Sign_In_Notary_And_Verify_When_The_Image_Passes()
    {
        // Given
        var registry = await _registries.PlainAsync();
        var server = await _notary.ServerAsync();
        var baseImage = GateScenario.BaseImage();
        var report = Path.Combine(_scenario.Folder, "gate.json");

        // When
        var gate = await CliHarness.RunAsync("gate", _scenario.Layout(baseImage), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/notary/base:1", "--trust-server", server.Url, "--trust-dir", TrustDir, "--report", report,
            "--insecure-registry", registry.Host);

        // Then
        Assert.True(gate.ExitCode == 0, gate.Stderr);
        Assert.Equal($"{registry.Host}/notary/base@{baseImage.ManifestDigest}", gate.Stdout.Trim());
        Assert.Contains("signed (Docker Content Trust)", gate.Stderr, StringComparison.Ordinal);
        var lookup = await (await _notary.CliAsync()).LookupAsync($"{registry.Host}/notary/base", "1");
        Assert.Equal("sha256:" + lookup?.Sha256Hex, baseImage.ManifestDigest);
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.True(json.RootElement.GetProperty("notarySignature").GetProperty("verified").GetBoolean());
        var verify = await CliHarness.RunAsync("verify", $"{registry.Host}/notary/base:1", "--trust-server", server.Url, "--trust-dir",
            Path.Combine(_scenario.Folder, "fresh-trust"), "--insecure-registry", registry.Host);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
    }

    [Fact]
    public async Task Should_Push_Nothing_And_Sign_Nothing_When_The_Policy_Stops_The_Image()
    {
        // Given
        var registry = await _registries.PlainAsync();
        var server = await _notary.ServerAsync();

        // When
        var gate = await CliHarness.RunAsync("gate", _scenario.Layout(GateScenario.SshServer()), "--policy", GateScenario.DefaultBundle, "--no-db",
            "--push", $"{registry.Host}/notary/ssh:1", "--trust-server", server.Url, "--trust-dir", TrustDir, "--insecure-registry", registry.Host);

        // Then
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("dockerfile/exposed_ports", gate.Stderr, StringComparison.Ordinal);
        Assert.Empty(await GateScenario.TagsAsync(registry, "notary/ssh"));
        var list = await (await _notary.CliAsync()).RunAsync("list", $"{registry.Host}/notary/ssh");
        Assert.NotEqual(0, list.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(TrustDir, "private")));
    }

    [Fact]
    public async Task Should_Promote_An_App_Only_When_Its_Base_Tag_Is_Signed_In_Notary()
    {
        // Given: one base promoted and signed in Notary, another only copied
        var registry = await _registries.PlainAsync();
        var server = await _notary.ServerAsync();
        var baseImage = GateScenario.BaseImage();
        var promoted = await CliHarness.RunAsync("gate", _scenario.Layout(baseImage), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/notary/trusted-base:1", "--trust-server", server.Url, "--trust-dir", TrustDir, "--insecure-registry", registry.Host);
        Assert.True(promoted.ExitCode == 0, promoted.Stderr);
        Assert.Equal(0, (await CliHarness.RunAsync("copy", _scenario.Layout(baseImage), $"{registry.Host}/notary/unsigned-base:1", "--insecure-registry", registry.Host)).ExitCode);
        var onTrusted = GateScenario.AppOn(baseImage, $"{registry.Host}/notary/trusted-base:1");
        var onUnsigned = GateScenario.AppOn(baseImage, $"{registry.Host}/notary/unsigned-base:1", marker: "other-app");

        // When
        var trusted = await CliHarness.RunAsync("gate", _scenario.Layout(onTrusted), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/notary/app:1", "--require-base-trust", "--trust-server", server.Url, "--trust-dir", TrustDir,
            "--insecure-registry", registry.Host);
        var unsigned = await CliHarness.RunAsync("gate", _scenario.Layout(onUnsigned), "--policy", _scenario.BasePolicy, "--no-db",
            "--push", $"{registry.Host}/notary/other-app:1", "--require-base-trust", "--trust-server", server.Url, "--trust-dir", TrustDir,
            "--insecure-registry", registry.Host);

        // Then
        Assert.True(trusted.ExitCode == 0, trusted.Stderr);
        Assert.Contains("signed with Docker Content Trust in targets", trusted.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unsigned.ExitCode);
        Assert.Contains("Docker Content Trust: not signed", unsigned.Stderr, StringComparison.Ordinal);
        Assert.Empty(await GateScenario.TagsAsync(registry, "notary/other-app"));
    }
}
