using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Cli.Tests.Trust;

/// <summary>
/// <c>gantry trust sign</c>, <c>verify --trust-server</c> and <c>trust inspect</c> against a notary-server that requires
/// bearer tokens (as Harbor's does), with the registry login docker would give it. The CLI runs as a child process: the
/// password is an environment variable, which must never be set on the test process that other tests share.
/// </summary>
[Slow(SlowBecause.Notary)]
[Collection(RegistryCollection.Name)]
public sealed class TrustTokenAuthCommandTests(RegistryFixture registries) : IDisposable
{
    private const string Passphrase = "trust-test-passphrase";
    private readonly string _folder = RegistryImages.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Should_Sign_Verify_And_Inspect_With_The_Registry_Login_When_The_Notary_Server_Requires_Tokens()
    {
        // Given: a plain registry with an image, and a token-auth notary server
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "trust-token-auth"), registry, "trust/token:v1");
        var gun = $"{registry.Host}/trust/token";
        using var issuer = new TokenIssuer();
        using var server = await NotaryServer.StartAsync(issuer);
        string[] common = ["--trust-server", server.Url, "--trust-dir", Path.Combine(_folder, "trust")];
        string[] login = ["--username", LocalRegistry.Username];

        // When
        var sign = await GantryAsync(LocalRegistry.Password, ["trust", "sign", gun + ":v1", .. common, .. login, "--insecure-registry", registry.Host]);
        var verify = await GantryAsync(LocalRegistry.Password, ["verify", gun + ":v1", .. common, .. login, "--insecure-registry", registry.Host]);
        var inspect = await GantryAsync(LocalRegistry.Password, ["trust", "inspect", gun, .. common], usernameVariable: true);
        var anonymous = await GantryAsync(null, ["verify", gun + ":v1", .. common, "--insecure-registry", registry.Host]);

        // Then
        Assert.True(sign.ExitCode == ExitCodes.Success, sign.Stderr);
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.Stderr);
        Assert.StartsWith($"{gun}:v1 sha256:", verify.Stdout, StringComparison.Ordinal);
        Assert.True(inspect.ExitCode == ExitCodes.Success, inspect.Stderr);
        var signed = System.Text.Json.JsonDocument.Parse(inspect.Stdout).RootElement.EnumerateArray().Single().GetProperty("SignedTags");
        Assert.Equal("v1", signed.EnumerateArray().Single().GetProperty("SignedTag").GetString());
        Assert.Equal(ExitCodes.Environment, anonymous.ExitCode);
        Assert.Equal(
            $"gantry: notary server {server.Url}: authentication required for repository:{gun}:pull and no credentials were found "
            + $"(give the registry login with --username and --password-stdin or GANTRY_REGISTRY_USERNAME/GANTRY_REGISTRY_PASSWORD, or docker login 127.0.0.1:{server.Port})",
            anonymous.Stderr.Trim());
    }

    /// <summary>The CLI as a child process with an empty docker config, the passphrases, and the password (and user name) in its environment only.</summary>
    private async Task<ProcessRunner.Result> GantryAsync(string? password, string[] arguments, bool usernameVariable = false)
    {
        var dockerConfig = Directory.CreateDirectory(Path.Combine(_folder, "docker")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = dockerConfig,
            ["GANTRY_TRUST_ROOT_PASSPHRASE"] = Passphrase,
            ["GANTRY_TRUST_REPOSITORY_PASSPHRASE"] = Passphrase,
            ["GANTRY_REGISTRY_USERNAME"] = usernameVariable ? LocalRegistry.Username : string.Empty,
            ["GANTRY_REGISTRY_PASSWORD"] = password ?? string.Empty,
        };
        return await ProcessRunner.RunAsync("dotnet", [CliAssembly.Path, .. arguments], environment: environment, timeout: TimeSpan.FromMinutes(2));
    }
}
