using Gantry.Core;
using Gantry.Engine.Scanning;

namespace Gantry.Engine.Tests.Scanning;

/// <summary><c>--by-cve</c>: findings reported under their CVE alias, the record's own id kept, one finding per CVE and package.</summary>
public sealed class CveOrientationTests
{
    private static readonly Package Jinja = new() { Name = "jinja2", Version = "2.10", Type = PackageType.Python, FoundBy = "python-cataloger" };

    [Fact]
    public void Should_Report_A_Ghsa_Finding_Under_Its_Cve_And_Keep_The_Ghsa_Id_As_An_Alias()
    {
        var oriented = Assert.Single(CveOrientation.Apply([FindingOf("GHSA-462w-v97r-4m45", ["PYSEC-2019-217", "CVE-2019-10906"])]));

        Assert.Equal("CVE-2019-10906", oriented.Vulnerability.Id);
        Assert.Equal(["GHSA-462w-v97r-4m45", "PYSEC-2019-217"], oriented.Vulnerability.Aliases);
    }

    [Fact]
    public void Should_Keep_Cve_Findings_And_Findings_Without_A_Cve_Alias_As_They_Are()
    {
        var findings = CveOrientation.Apply([FindingOf("CVE-2024-0001", ["GHSA-aaaa-bbbb-cccc"]), FindingOf("GO-2024-0002", [])]);

        Assert.Equal(["CVE-2024-0001", "GO-2024-0002"], findings.Select(f => f.Vulnerability.Id));
    }

    [Fact]
    public void Should_Report_Two_Records_Of_One_Cve_In_One_Package_Once()
    {
        var findings = CveOrientation.Apply([FindingOf("GHSA-462w-v97r-4m45", ["CVE-2019-10906"]), FindingOf("PYSEC-2019-217", ["CVE-2019-10906"])]);

        Assert.Equal("GHSA-462w-v97r-4m45", Assert.Single(findings).Vulnerability.Aliases[0]);
    }

    private static Finding FindingOf(string id, string[] aliases) => new()
    {
        Vulnerability = new Vulnerability { Id = id, Aliases = aliases, Severity = Severity.High },
        Package = Jinja,
        MatchType = "exact-direct-match",
        Matcher = "python-matcher",
        Namespace = "PyPI",
    };
}
