using System.Text;
using Gantry.Cli.Commands.Scan;
using Gantry.Core;

namespace Gantry.Cli.Tests.Scan;

/// <summary>The scan table's rows: one per vulnerability, package and version, with the path or how many paths.</summary>
public sealed class ScanTableTests
{
    private const string Layer = "sha256:4210f1f6ff26aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public void Should_Show_One_Row_With_The_Path_Count_When_Three_Binaries_Hold_The_Same_Vulnerable_Module()
    {
        var table = Render(Finding("GO-2024-2687", "/usr/bin/a"), Finding("GO-2024-2687", "/usr/bin/b"), Finding("GO-2024-2687", "/usr/bin/c"),
            Finding("GO-2024-2600", "/usr/bin/a"));

        var rows = table.Split('\n').Where(l => l.StartsWith("  GO-", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, rows.Count);
        Assert.EndsWith("3 paths", rows.Single(r => r.Contains("GO-2024-2687", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("/usr/bin/a", rows.Single(r => r.Contains("GO-2024-2600", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("HIGH (2)", table, StringComparison.Ordinal);
        Assert.Contains("Summary: 2 vulnerabilities (2 high)", table, StringComparison.Ordinal);
    }

    private static ReportedFinding Finding(string id, string path) => new(
        new Finding
        {
            Vulnerability = new Vulnerability { Id = id, Severity = Severity.High },
            Package = new Package
            {
                Name = "golang.org/x/net", Version = "v0.17.0", Type = PackageType.GoModule, FoundBy = "go-module-binary-cataloger",
                LayerDiffId = Layer, Locations = [new Location(path, Layer)],
            },
            FixedVersions = ["0.23.0"],
            FixState = FixState.Fixed,
            MatchType = "exact-direct-match",
            Matcher = "go-module-matcher",
            Namespace = "Go",
        },
        null,
        new LayerOrigin(Layer, "COPY bin /usr/bin", InBaseImage: false));

    private static string Render(params ReportedFinding[] findings)
    {
        var report = new ScanReport
        {
            Sbom = new Sbom { Source = new ImageDescription { Input = "test", Kind = "dir" } },
            Findings = findings,
            Database = new DatabaseDescription("vulnerability.db", 1, null),
        };
        using var output = new MemoryStream();
        ScanTable.Write(report, output, colored: false);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
