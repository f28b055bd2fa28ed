using System.Text.Json;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Cli.Tests.Scan;

/// <summary>
/// <c>gantry scan sbom:… --diff OLD</c> as a cron job runs it: an SBOM stored once, scanned against the database of
/// the day and compared with the previous report. The base layer brings <c>semver</c>, the application <c>lodash</c>
/// and <c>minimist</c>. Between the two databases a lodash record gained a fix (updated), a critical semver record
/// appeared (added) and the minimist record was withdrawn from the data (removed).
/// </summary>
public sealed class ScanDiffCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-scan-diff-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_Print_The_Added_Removed_And_Updated_Findings_When_Diffing_A_Table()
    {
        var (sbom, old, db) = await PrepareAsync();

        var result = await CliHarness.RunAsync("scan", sbom, "--db", db, "--base-layers", "1", "--diff", old, "-o", "table");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Equal("ADDED (1)", lines[0]);
        Assert.Matches(@"^  GHSA-bbbb-bbbb-bbbb\s+semver\s+7\.5\.1\s+npm\s+7\.5\.2\s+update base image\s+\w+ \(base\)\s+\S+package\.json$", lines[2]);
        Assert.Contains("REMOVED (1)", lines);
        Assert.Contains(lines, l => l.StartsWith("  GHSA-cccc-cccc-cccc  minimist", StringComparison.Ordinal));
        Assert.Contains("UPDATED (1)", lines);
        Assert.Contains(lines, l => l.StartsWith("  GHSA-aaaa-aaaa-aaaa", StringComparison.Ordinal) && l.Contains("4.17.21") && l.Contains("upgrade package")
            && l.EndsWith("high, (not fixed)", StringComparison.Ordinal));
        Assert.Contains($"Since {old}: 1 added, 1 removed, 1 updated", lines);
    }

    [Fact]
    public async Task Should_Write_The_Diff_Document_When_Diffing_To_Json()
    {
        var (sbom, old, db) = await PrepareAsync();

        var result = await CliHarness.RunAsync("scan", sbom, "--db", db, "--base-layers", "1", "--diff", old, "-o", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.Equal(old, root.GetProperty("previous").GetString());
        var added = root.GetProperty("added").EnumerateArray().Single();
        Assert.Equal("GHSA-bbbb-bbbb-bbbb", added.GetProperty("vulnerability").GetProperty("id").GetString());
        Assert.Equal("base-image", added.GetProperty("remediation").GetProperty("target").GetString());
        Assert.Equal("rebuild or update the base image to one with semver 7.5.2", added.GetProperty("remediation").GetProperty("hint").GetString());
        Assert.Equal("GHSA-cccc-cccc-cccc", root.GetProperty("removed").EnumerateArray().Single().GetProperty("vulnerability").GetProperty("id").GetString());
        var updated = root.GetProperty("updated").EnumerateArray().Single();
        Assert.Equal("fixed", updated.GetProperty("finding").GetProperty("fix").GetProperty("state").GetString());
        Assert.Equal("not-fixed", updated.GetProperty("previous").GetProperty("fix").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Should_Apply_Fail_On_To_The_Added_Findings_Only_When_Diffing()
    {
        var (sbom, old, db) = await PrepareAsync();
        var today = Path.Combine(_root, "today.json");
        Assert.Equal(ExitCodes.Success, (await CliHarness.RunAsync("scan", sbom, "--db", db, "-o", $"json={today}")).ExitCode);

        var newCritical = await CliHarness.RunAsync("scan", sbom, "--db", db, "--diff", old, "--fail-on", "critical", "-o", "table");
        var nothingNew = await CliHarness.RunAsync("scan", sbom, "--db", db, "--diff", today, "--fail-on", "low", "-o", "table");
        var withoutDiff = await CliHarness.RunAsync("scan", sbom, "--db", db, "--fail-on", "low", "-o", "table");

        Assert.Equal(ExitCodes.GateFailed, newCritical.ExitCode);
        Assert.Equal("gantry: 1 added finding(s) at or above --fail-on critical", newCritical.Stderr.Trim());
        Assert.Equal(ExitCodes.Success, nothingNew.ExitCode);
        Assert.Equal($"No change since {today}", nothingNew.Stdout.Trim());
        Assert.Equal(ExitCodes.GateFailed, withoutDiff.ExitCode);
    }

    [Fact]
    public async Task Should_Exit_2_With_One_Line_Naming_The_File_And_Write_Nothing_When_The_Earlier_Report_Is_Bad()
    {
        var (sbom, _, db) = await PrepareAsync();
        var missing = Path.Combine(_root, "missing.json");
        var truncated = Path.Combine(_root, "truncated.json");
        await File.WriteAllTextAsync(truncated, "{\"schemaVersion\": \"1.0\", \"findings\": [");
        var output = Path.Combine(_root, "diff.json");

        var results = new[]
        {
            (await CliHarness.RunAsync("scan", sbom, "--db", db, "--diff", missing, "-o", $"json={output}"), $"gantry: {missing}: file not found"),
            (await CliHarness.RunAsync("scan", sbom, "--db", db, "--diff", truncated, "-o", $"json={output}"), $"gantry: {truncated}: not valid JSON"),
            (await CliHarness.RunAsync("scan", sbom, "--db", db, "--diff", SbomPath, "-o", $"json={output}"), $"gantry: {SbomPath}: not a Gantry scan report"),
            (await CliHarness.RunAsync("scan", sbom, "--db", db, "--diff", truncated, "-o", "sarif"), "gantry: --diff: output sarif is not available with --diff (use table or json)"),
        };

        Assert.All(results, r =>
        {
            Assert.Equal(ExitCodes.InvalidInput, r.Item1.ExitCode);
            Assert.StartsWith(r.Item2, r.Item1.Stderr, StringComparison.Ordinal);
            Assert.Single(r.Item1.Stderr.Trim().Split('\n'));
            Assert.Empty(r.Item1.Stdout);
        });
        Assert.False(File.Exists(output));
    }

    private string SbomPath => Path.Combine(_root, "sbom.json");

    /// <summary>The stored SBOM, yesterday's report (made with the first database) and today's database.</summary>
    private async Task<(string Sbom, string Old, string Db)> PrepareAsync()
    {
        var image = new SyntheticImage()
            .Layer(l => l.File("usr/lib/node_modules/semver/package.json", """{"name": "semver", "version": "7.5.1"}"""), "FROM node-base")
            .Layer(
                l => l
                    .File("app/node_modules/lodash/package.json", """{"name": "lodash", "version": "4.17.20"}""")
                    .File("app/node_modules/minimist/package.json", """{"name": "minimist", "version": "1.2.5"}"""),
                "COPY app /app")
            .Build();
        var archive = Path.Combine(_root, "image.tar");
        SyntheticImage.WriteDockerArchive(image, archive);
        Assert.Equal(ExitCodes.Success, (await CliHarness.RunAsync("sbom", "docker-archive:" + archive, "-o", $"json={SbomPath}")).ExitCode);

        var yesterday = await DatabaseAsync("yesterday", Record("GHSA-aaaa-aaaa-aaaa", "lodash", null, "HIGH"), Record("GHSA-cccc-cccc-cccc", "minimist", "1.2.6", "MEDIUM"));
        var today = await DatabaseAsync("today", Record("GHSA-aaaa-aaaa-aaaa", "lodash", "4.17.21", "HIGH"), Record("GHSA-bbbb-bbbb-bbbb", "semver", "7.5.2", "CRITICAL"));
        var old = Path.Combine(_root, "old.json");
        var first = await CliHarness.RunAsync("scan", "sbom:" + SbomPath, "--db", yesterday, "--base-layers", "1", "-o", $"json={old}");
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        return ("sbom:" + SbomPath, old, today);
    }

    private async Task<string> DatabaseAsync(string name, params (string Id, string Json)[] records)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        foreach (var (id, json) in records)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, id + ".json"), json);
        }

        var db = Path.Combine(_root, name + ".db");
        var import = await CliHarness.RunAsync("db", "import", "--db", db, "--source", "osv", folder);
        Assert.Equal(ExitCodes.Success, import.ExitCode);
        return db;
    }

    /// <summary>An OSV record in the shape GitHub publishes: affected from 0, fixed in <paramref name="fixedIn"/> when given.</summary>
    private static (string, string) Record(string id, string package, string? fixedIn, string severity)
    {
        var fixedEvent = fixedIn is null ? string.Empty : $$""", { "fixed": "{{fixedIn}}" }""";
        return (id, $$"""
            {
              "schema_version": "1.6.0",
              "id": "{{id}}",
              "modified": "2024-03-01T08:30:00Z",
              "summary": "a flaw in {{package}}",
              "affected": [
                {
                  "package": { "ecosystem": "npm", "name": "{{package}}" },
                  "ranges": [{ "type": "SEMVER", "events": [{ "introduced": "0" }{{fixedEvent}}] }]
                }
              ],
              "database_specific": { "severity": "{{severity}}" }
            }
            """);
    }
}
