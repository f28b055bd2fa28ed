using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// Records that name each other (or a common CVE) as aliases are one vulnerability: a package they both affect gets one
/// finding, the first in match order, and every other package they affect gets its own.
/// </summary>
public sealed class AliasDeduplicationTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public AliasDeduplicationTests()
    {
        var osv = Directory.CreateDirectory(Path.Combine(_database.Folder, "osv")).FullName;
        Write(osv, new OsvAdvisory("GHSA-aaaa-bbbb-cccc", ["CVE-2099-0009"], [new("PyPI", "requests", "2.0"), new("PyPI", "urllib3", "2.0")]));
        Write(osv, new OsvAdvisory("PYSEC-2099-9", ["CVE-2099-0009"], [new("PyPI", "requests", "2.0"), new("PyPI", "urllib3", "2.0")]));
        Write(osv, new OsvAdvisory("PYSEC-2099-10", ["GHSA-aaaa-bbbb-cccc"], [new("PyPI", "urllib3", "2.0")]));
        Write(osv, new OsvAdvisory("PYSEC-2099-11", ["CVE-2099-0011"], [new("PyPI", "urllib3", "2.0")]));
        _database.Import("osv", FeedFormat.Osv, osv);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Should_Give_Each_Package_One_Finding_Per_Vulnerability_When_Records_Share_Aliases()
    {
        using var store = _database.Open();
        var packages = new[] { "requests", "urllib3" }.Select(n => new Package { Name = n, Version = "1.0", Type = PackageType.Python, FoundBy = "test" }).ToList();

        var findings = VulnerabilityMatcher.Match(new Sbom { Source = new ImageDescription { Input = "test", Kind = "dir" }, Packages = packages }, store).Findings;

        Assert.Equal(
            ["requests GHSA-aaaa-bbbb-cccc", "urllib3 GHSA-aaaa-bbbb-cccc", "urllib3 PYSEC-2099-11"],
            findings.Select(f => $"{f.Package.Name} {f.Vulnerability.Id}"));
    }

    private static void Write(string folder, OsvAdvisory advisory) =>
        File.WriteAllText(Path.Combine(folder, advisory.Id + ".json"), FeedFixtures.OsvRecord(advisory));
}
