using System.Text.Json;

namespace Gantry.TestKit.Tools;

/// <summary>
/// RPM's own version order, from python3-rpm's <c>rpm.labelCompare</c> (installed on first use): what tests of rpm
/// matching check Gantry's comparator against, independently of it.
/// </summary>
public static class RpmLabelCompare
{
    /// <summary>The sign of <c>rpm.labelCompare(a, b)</c> for each pair of <c>[epoch:]version-release</c>, in one python3 run.</summary>
    public static async Task<int[]> CompareAsync(IReadOnlyList<(string A, string B)> pairs)
    {
        await ToolInstaller.EnsureAptPackageAsync("python3-rpm", "/usr/lib/python3/dist-packages/rpm/__init__.py");
        const string script = """
            import json, sys, rpm
            def evr(text):
                epoch, _, rest = text.rpartition(':')
                version, _, release = rest.rpartition('-')
                return (epoch or None, version, release)
            print(json.dumps([rpm.labelCompare(evr(a), evr(b)) for a, b in json.load(sys.stdin)]))
            """;
        var result = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", script], stdin: JsonSerializer.Serialize(pairs.Select(p => new[] { p.A, p.B })));
        return result.ExitCode == 0
            ? JsonSerializer.Deserialize<int[]>(result.Stdout)!
            : throw new InvalidOperationException($"python3-rpm labelCompare failed: {result.Stderr}");
    }
}
