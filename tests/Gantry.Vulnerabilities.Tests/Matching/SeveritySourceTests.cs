using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// A finding's severity comes from the best source, which the finding names: the distro's own rating when its record
/// gives one (Ubuntu's priority, Debian's urgency), else NVD's rating of one of the record's aliases, else GitHub's.
/// </summary>
public sealed class SeveritySourceTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public SeveritySourceTests()
    {
        var osv = Directory.CreateDirectory(Path.Combine(_database.Folder, "osv")).FullName;
        // Rocky rates nothing here: CVE-2099-0001 has NVD's rating, CVE-2099-0002 only GitHub's, CVE-2099-0003 nobody's.
        Write(osv, "RLSA-2099:0001", ["CVE-2099-0001"], "Rocky Linux:9", "openssl");
        Write(osv, "RLSA-2099:0002", ["CVE-2099-0002"], "Rocky Linux:9", "curl");
        Write(osv, "RLSA-2099:0003", ["CVE-2099-0003"], "Rocky Linux:9", "tzdata");
        var ghsa = JsonNode.Parse(FeedFixtures.OsvRecord(new OsvAdvisory("GHSA-aaaa-bbbb-cccc", ["CVE-2099-0002"], [new OsvAffected("PyPI", "requests", "2.0")])))!;
        ghsa["database_specific"] = new JsonObject { ["severity"] = "CRITICAL" };
        File.WriteAllText(Path.Combine(osv, "GHSA-aaaa-bbbb-cccc.json"), ghsa.ToJsonString());
        var ubuntu = JsonNode.Parse(FeedFixtures.OsvRecord(new OsvAdvisory("UBUNTU-CVE-2099-0001", [], [new OsvAffected("Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.16")])))!;
        ubuntu["upstream"] = new JsonArray("CVE-2099-0001");
        ubuntu["severity"] = new JsonArray(
            new JsonObject { ["type"] = "CVSS_V3", ["score"] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" },
            new JsonObject { ["type"] = "Ubuntu", ["score"] = "low" });
        File.WriteAllText(Path.Combine(osv, "UBUNTU-CVE-2099-0001.json"), ubuntu.ToJsonString());
        _database.Import("osv", FeedFormat.Osv, osv);
        _database.Import("nvd", FeedFormat.Nvd, _database.File("nvd.json", FeedFixtures.NvdPage([new NvdCve("CVE-2099-0001", "HIGH", [])])));
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Should_Take_Nvd_Then_Ghsa_Through_The_Aliases_When_The_Distro_Rates_Nothing()
    {
        var findings = Match(new Distro { Id = "rocky", VersionId = "9.3" }, "1.0-1.el9", "openssl", "curl", "tzdata");

        Assert.Equal((Severity.High, "nvd"), Rating(findings, "openssl"));
        Assert.Equal((Severity.Critical, "ghsa"), Rating(findings, "curl"));
        Assert.Equal((Severity.Unknown, null), Rating(findings, "tzdata"));
    }

    [Fact]
    public void Should_Keep_The_Distros_Own_Rating_Over_Nvds_When_It_Gives_One()
    {
        var findings = Match(new Distro { Id = "ubuntu", VersionId = "22.04" }, "3.0.2-0ubuntu1.15", "openssl");

        Assert.Equal((Severity.Low, "ubuntu"), Rating(findings, "openssl"));
    }

    [Fact]
    public void Should_Read_Only_The_Rated_Records_Of_An_Alias_When_Asked_For_A_Rating()
    {
        using var store = _database.Open();

        Assert.Equal(["GHSA-aaaa-bbbb-cccc", "RLSA-2099:0002"], store.GetRecords("CVE-2099-0002").Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["GHSA-aaaa-bbbb-cccc"], store.GetRatedRecords("CVE-2099-0002").Select(r => r.Id));
        Assert.Equal(["CVE-2099-0001"], store.GetRatedRecords("CVE-2099-0001").Select(r => r.Id));
        Assert.Empty(store.GetRatedRecords("CVE-2099-0003"));
    }

    private static (Severity, string?) Rating(IReadOnlyList<Finding> findings, string package)
    {
        var vulnerability = findings.Single(f => f.Package.Name == package).Vulnerability;
        return (vulnerability.Severity, vulnerability.SeveritySource);
    }

    private List<Finding> Match(Distro distro, string version, params string[] names)
    {
        using var store = _database.Open();
        var type = distro.Id == "ubuntu" ? PackageType.Deb : PackageType.Rpm;
        var packages = names.Select(n => new Package { Name = n, Version = version, Type = type, FoundBy = "test" }).ToList();
        return [.. VulnerabilityMatcher.Match(new Sbom { Source = new ImageDescription { Input = "test", Kind = "dir" }, Distro = distro, Packages = packages }, store).Findings];
    }

    private static void Write(string folder, string id, IReadOnlyList<string> aliases, string ecosystem, string name) =>
        File.WriteAllText(Path.Combine(folder, id.Replace(':', '-') + ".json"), FeedFixtures.OsvRecord(new OsvAdvisory(id, aliases, [new OsvAffected(ecosystem, name, "9.9-1.el9")])));
}
