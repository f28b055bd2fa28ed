using System.Text.RegularExpressions;
using Gantry.Cli.Commands.Scan;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Scan;

/// <summary>
/// The scan table of the test kit's application image (Debian with Python, Java, Ruby, node and a Go binary) against
/// the corpus database: one row per vulnerability, package and version, and "fixed in" only lists versions.
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed partial class ScanTableTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_Show_Each_Vulnerability_Package_And_Version_Once_With_Only_Versions_As_Fixes(bool byCve)
    {
        var image = await RealAppImage.GetAsync();
        string[] arguments = ["scan", "oci-archive:" + image.OciArchive, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "-o", "table"];

        var result = await CliHarness.RunAsync(byCve ? [.. arguments, "--by-cve"] : arguments);
        var rows = TableRows(result.Stdout);

        Assert.Equal(0, result.ExitCode);
        Assert.NotEmpty(rows);
        var keys = rows.Select(r => (r["VULNERABILITY"], r["PACKAGE"], r["VERSION"], r["TYPE"])).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        foreach (var fixedIn in rows.Select(r => r["FIXED IN"]).Where(f => !f.StartsWith('(')))
        {
            var versions = fixedIn.Split(", ");
            Assert.Equal(versions.Length, versions.Distinct(StringComparer.Ordinal).Count());
            Assert.DoesNotContain(versions, v => CommitHash().IsMatch(v));
        }

        if (byCve)
        {
            Assert.Contains(rows, r => r["VULNERABILITY"].StartsWith("CVE-", StringComparison.Ordinal));
        }
    }

    /// <summary>The table's rows as column name to cell, cut at the header's column starts (cells are padded to them).</summary>
    private static List<Dictionary<string, string>> TableRows(string table)
    {
        var rows = new List<Dictionary<string, string>>();
        var header = ScanTable.Header;
        int[]? starts = null;
        foreach (var line in table.Split('\n'))
        {
            if (line.StartsWith("  VULNERABILITY  ", StringComparison.Ordinal))
            {
                starts = [.. header.Select(h => line.IndexOf("  " + h, StringComparison.Ordinal) + 2)];
                continue;
            }

            if (starts is null || !line.StartsWith("  ", StringComparison.Ordinal) || line.StartsWith("   ", StringComparison.Ordinal))
            {
                starts = line.Length == 0 ? null : starts;
                continue;
            }

            rows.Add(header.Select((h, i) => (h, Cell(line, starts[i], i + 1 < starts.Length ? starts[i + 1] : line.Length))).ToDictionary(c => c.h, c => c.Item2));
        }

        return rows;
    }

    private static string Cell(string line, int start, int end) => start >= line.Length ? string.Empty : line[start..Math.Min(end, line.Length)].Trim();

    [GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial Regex CommitHash();
}
