using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.IntegrationTests.Db;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Registry;

/// <summary>
/// Credentials from <c>GANTRY_REGISTRY_USERNAME</c> / <c>GANTRY_REGISTRY_PASSWORD</c>, set on a real
/// child process (never on the test process, whose environment other tests share).
/// </summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class RegistryEnvironmentCredentialsTests(RegistryFixture registries) : IDisposable
{
    private readonly string _folder = RegistryImages.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Should_Authenticate_With_The_Environment_Variables_And_Refuse_A_Wrong_Password()
    {
        // Given: an image in the htpasswd registry, pushed with --password-stdin
        var registry = await registries.BasicAsync();
        var archive = Path.Combine(_folder, "env.tar");
        SyntheticImage.WriteDockerArchive(RegistryImages.Small(marker: "envcreds"), archive);
        var stdin = Console.In;
        Console.SetIn(new StringReader(LocalRegistry.Password + "\n"));
        try
        {
            var push = await CliHarness.RunAsync(
                "copy", $"docker-archive:{archive}", $"registry:{registry.Host}/e2e/env:1", "--insecure-registry", registry.Host,
                "--username", LocalRegistry.Username, "--password-stdin");
            Assert.Equal(ExitCodes.Success, push.ExitCode);
        }
        finally
        {
            Console.SetIn(stdin);
        }

        // When
        var ok = await SbomWithEnvironmentAsync(registry.Host, LocalRegistry.Password);
        var wrong = await SbomWithEnvironmentAsync(registry.Host, "not-the-password");

        // Then
        Assert.Equal(ExitCodes.Success, ok.ExitCode);
        Assert.Contains("gantry-envcreds", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Environment, wrong.ExitCode);
        Assert.Contains("unauthorized", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", wrong.Stderr, StringComparison.Ordinal);
    }

    private static Task<ProcessRunner.Result> SbomWithEnvironmentAsync(string host, string password) =>
        ProcessRunner.RunAsync("dotnet", [GantryProcess.Dll, "sbom", $"registry:{host}/e2e/env:1", "--insecure-registry", host, "-o", "json"],
            environment: new Dictionary<string, string>
            {
                ["GANTRY_REGISTRY_USERNAME"] = LocalRegistry.Username,
                ["GANTRY_REGISTRY_PASSWORD"] = password,
            },
            timeout: TimeSpan.FromMinutes(2));
}
