using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Cli.Tests.Scan;

/// <summary>
/// Go findings by symbol, end to end: binaries compiled by the real Go toolchain (<see cref="GoTextBinary"/>), scanned as
/// <c>dir:</c> against a database imported from the real Go advisories. GO-2022-1059 lives in
/// <c>golang.org/x/text/language</c>'s <c>MatchStrings</c> and <c>ParseAcceptLanguage</c>; GO-2023-2185 is a
/// standard-library advisory for <c>path/filepath</c> on Windows only, affecting the toolchain's go1.19.
/// </summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class GoReachabilityScanTests : IDisposable
{
    private const string TextAdvisory = "GO-2022-1059";
    private const string WindowsAdvisory = "GO-2023-2185";

    private readonly string _root = Directory.CreateTempSubdirectory("gantry-go-reachability-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_Decide_Reachability_By_The_Functions_Each_Binary_Links()
    {
        var image = await ImageAsync(("parse", GoTextBinary.CallsParse, false), ("accept", GoTextBinary.CallsParseAcceptLanguage, false),
            ("broken", GoTextBinary.CallsParse, true));
        var db = await DatabaseAsync();

        var result = await CliHarness.RunAsync("scan", "dir:" + image, "--db", db, "--no-cache", "-o", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var findings = Findings(result.Stdout);
        var parse = findings[(TextAdvisory, "/usr/bin/parse")];
        Assert.Equal("unreachable", parse.State);
        Assert.Equal("golang.org/x/text/language is linked but not MatchStrings, ParseAcceptLanguage", parse.Reason);
        var accept = findings[(TextAdvisory, "/usr/bin/accept")];
        Assert.Equal(("reachable", "golang.org/x/text/language.ParseAcceptLanguage is linked"), (accept.State, accept.Reason));
        Assert.Equal("unknown", findings[(TextAdvisory, "/usr/bin/broken")].State);
        Assert.StartsWith("the binary's symbol table is not readable: ", findings[(TextAdvisory, "/usr/bin/broken")].Reason, StringComparison.Ordinal);
        foreach (var binary in new[] { "/usr/bin/parse", "/usr/bin/accept" })
        {
            var windows = findings[(WindowsAdvisory, binary)];
            Assert.Equal(("unreachable", "the advisory applies only to windows; the binary is built for linux/amd64"), (windows.State, windows.Reason));
        }
    }

    [Fact]
    public async Task Should_Decide_Alike_When_Scanning_The_Sbom()
    {
        var image = await ImageAsync(("parse", GoTextBinary.CallsParse, false), ("accept", GoTextBinary.CallsParseAcceptLanguage, false));
        var db = await DatabaseAsync();
        var sbom = Path.Combine(_root, "sbom.json");
        Assert.Equal(ExitCodes.Success, (await CliHarness.RunAsync("sbom", "dir:" + image, "--no-cache", "-o", $"json={sbom}")).ExitCode);

        var fromImage = await CliHarness.RunAsync("scan", "dir:" + image, "--db", db, "--no-cache", "-o", "json");
        var fromSbom = await CliHarness.RunAsync("scan", "sbom:" + sbom, "--db", db, "-o", "json");

        Assert.Equal(Findings(fromImage.Stdout), Findings(fromSbom.Stdout));
        Assert.Equal("reachable", Findings(fromSbom.Stdout)[(TextAdvisory, "/usr/bin/accept")].State);
    }

    [Fact]
    public async Task Should_List_Unreachable_Findings_Apart_And_Leave_Them_Out_Of_Fail_On_Unless_Included()
    {
        var image = await ImageAsync(("parse", GoTextBinary.CallsParse, false));
        var db = await DatabaseAsync();

        var table = await CliHarness.RunAsync("scan", "dir:" + image, "--db", db, "--no-cache", "--fail-on", "high", "-o", "table");
        var included = await CliHarness.RunAsync("scan", "dir:" + image, "--db", db, "--no-cache", "--fail-on", "high", "--include-unreachable", "-o", "table");

        Assert.Equal(ExitCodes.Success, table.ExitCode);
        var lines = table.Stdout.Split('\n');
        var section = Array.FindIndex(lines, l => l.StartsWith("UNREACHABLE (", StringComparison.Ordinal));
        Assert.True(section >= 0, table.Stdout);
        Assert.DoesNotContain(lines[..section], l => l.Contains(TextAdvisory, StringComparison.Ordinal));
        Assert.Contains(lines[section..], l => l.Contains(TextAdvisory, StringComparison.Ordinal) && l.EndsWith("is linked but not MatchStrings, ParseAcceptLanguage", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains("unreachable (Go code not linked; not counted by --fail-on unless --include-unreachable)", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.GateFailed, included.ExitCode);
        Assert.Contains("at or above --fail-on high", included.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Mark_Unreachable_Findings_Not_Affected_In_CycloneDx()
    {
        var image = await ImageAsync(("parse", GoTextBinary.CallsParse, false));
        var db = await DatabaseAsync();

        var result = await CliHarness.RunAsync("scan", "dir:" + image, "--db", db, "--no-cache", "-o", "cyclonedx-json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var vulnerability = JsonNode.Parse(result.Stdout)!["vulnerabilities"]!.AsArray().Single(v => (string?)v!["id"] == TextAdvisory)!;
        Assert.Equal("not_affected", (string?)vulnerability["analysis"]!["state"]);
        Assert.Equal("code_not_reachable", (string?)vulnerability["analysis"]!["justification"]);
    }

    /// <summary>A root file system with the binaries in <c>/usr/bin</c>; a broken one has its pclntab's name table made to end far past the section.</summary>
    private async Task<string> ImageAsync(params (string Name, string Source, bool BreakSymbolTable)[] binaries)
    {
        var root = Path.Combine(_root, "root");
        Directory.CreateDirectory(Path.Combine(root, "usr/bin"));
        foreach (var (name, source, breakSymbols) in binaries)
        {
            var bytes = await File.ReadAllBytesAsync(await GoTextBinary.BuildAsync(source));
            if (breakSymbols)
            {
                var table = bytes.AsSpan().IndexOf((byte[])[0xF0, 0xFF, 0xFF, 0xFF, 0, 0, 1, 8]); // Go 1.18/1.19 pclntab header, amd64
                Assert.True(table > 0, "no pclntab header in the fixture binary");
                bytes.AsSpan(table + 8 + (4 * 8), 8).Fill(0x7F); // the offset of the table after the names
            }

            var path = Path.Combine(root, "usr/bin", name);
            await File.WriteAllBytesAsync(path, bytes);
            Assert.Equal(0, (await ProcessRunner.RunAsync("chmod", ["755", path])).ExitCode);
        }

        return root;
    }

    /// <summary>
    /// The two real records, imported as they are, except that GO-2022-1059 is given a HIGH severity (Go records carry
    /// none) so that <c>--fail-on</c> has something to count.
    /// </summary>
    private async Task<string> DatabaseAsync()
    {
        var feed = Path.Combine(_root, "feed");
        Directory.CreateDirectory(feed);
        var text = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SharedPaths.Corpus, "osv-go", TextAdvisory + ".json")))!;
        text["database_specific"]!["severity"] = "HIGH";
        await File.WriteAllTextAsync(Path.Combine(feed, TextAdvisory + ".json"), text.ToJsonString());
        File.Copy(Path.Combine(SharedPaths.Corpus, "osv-go", WindowsAdvisory + ".json"), Path.Combine(feed, WindowsAdvisory + ".json"));
        var db = Path.Combine(_root, "db", "vulnerability.db");
        var import = await CliHarness.RunAsync("db", "import", feed, "--db", db, "--format", "osv", "--source", "osv-go");
        Assert.Equal(ExitCodes.Success, import.ExitCode);
        return db;
    }

    /// <summary>(advisory, binary) → the finding's reachability.</summary>
    private static Dictionary<(string Id, string Path), (string State, string Reason)> Findings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("reachability", out _))
            .ToDictionary(
                f => (f.GetProperty("vulnerability").GetProperty("id").GetString()!, f.GetProperty("package").GetProperty("locations")[0].GetString()!),
                f => (f.GetProperty("reachability").GetProperty("state").GetString()!, f.GetProperty("reachability").GetProperty("reason").GetString()!));
    }
}
