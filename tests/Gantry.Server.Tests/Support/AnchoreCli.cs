using Gantry.TestKit;
using Gantry.TestKit.Tools;

namespace Gantry.Server.Tests.Support;

/// <summary>The real anchore-cli 0.9.4 (shared/tools/anchore-cli) pointed at a service.</summary>
public sealed class AnchoreCli(string baseUrl, string user = "admin", string password = ServiceProcess.AdminPassword)
{
    private static readonly string Script = Path.Combine(SharedPaths.Tools, "anchore-cli", "anchore-cli");

    public static async Task EnsureInstalledAsync()
    {
        foreach (var package in new[] { "python3-click", "python3-prettytable", "python3-dateutil", "python3-yaml", "python3-requests" })
        {
            await ToolInstaller.EnsureAptPackageAsync(package, $"/usr/lib/python3/dist-packages/{package["python3-".Length..]}/__init__.py");
        }
    }

    public Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(Script, ["--url", baseUrl + "/v1", "--u", user, "--p", password, .. arguments], timeout: TimeSpan.FromMinutes(10));

    /// <summary>Runs with <c>--json</c> and requires exit code <paramref name="expectedExit"/>.</summary>
    public async Task<System.Text.Json.Nodes.JsonNode> JsonAsync(int expectedExit, params string[] arguments)
    {
        var result = await RunAsync(["--json", .. arguments]);
        Assert.True(result.ExitCode == expectedExit, $"anchore-cli {string.Join(' ', arguments)} exited {result.ExitCode}, not {expectedExit}: {result.Stdout} {result.Stderr}");
        // `image wait` prints its "Status: analyzing" progress lines on stdout too, before the JSON, while the analysis runs.
        var json = string.Join('\n', result.Stdout.Split('\n').SkipWhile(l => !l.StartsWith('[') && !l.StartsWith('{')));
        return System.Text.Json.Nodes.JsonNode.Parse(json)!;
    }
}
