using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Traits;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests.Matching;

[Slow(SlowBecause.CorpusDatabase)]
public class CorpusMatchingTests
{
    public static TheoryData<string, string> PythonPackages => new()
    {
        { "py", "1.11.0" },             // last_affected 1.11.0: still affected
        { "py", "1.4.31" },
        { "Django", "2.2.10" },         // many ranges, mixed case name
        { "Django", "3.2" },            // listed as 3.2, installed spelled the same
        { "Pillow", "8.0.0" },
        { "PyYAML", "5.3" },            // PEP 503: pyyaml
        { "Jinja2", "2.10" },
        { "urllib3", "1.24.1" },
        { "requests", "2.19.0" },
        { "tensorflow", "2.4.0" },
        { "requests", "2.32.3" },       // past every fix: nothing
    };

    public static TheoryData<string, string> GoModules => new()
    {
        { "github.com/gin-gonic/gin", "v1.5.0" },
        { "golang.org/x/crypto", "v0.0.0-20200220183623-bac4c82f6975" },
        { "golang.org/x/net", "v0.7.0" },
        { "github.com/dgrijalva/jwt-go", "v3.2.0+incompatible" },
        { "stdlib", "go1.16.0" },
        { "stdlib", "go1.20.3" },
    };

    public static TheoryData<string, string, string?> AlpinePackages => new()
    {
        { "openssl", "1.1.1c-r0", null },
        { "libcrypto1.1", "1.1.1a-r0", "openssl" },   // subpackage: matched through its origin
        { "musl", "1.1.22-r2", null },
        { "busybox", "1.30.1-r1", null },
        { "sqlite-libs", "3.28.0-r0", "sqlite" },
        { "busybox", "1.30.1-r2", null },              // fixed: nothing
    };

    [Theory]
    [MemberData(nameof(PythonPackages))]
    public void Should_Report_Exactly_The_Applicable_Osv_Records_When_Matching_A_Python_Package(string name, string version)
    {
        var package = new Package { Name = name, Version = version, Type = PackageType.Python, FoundBy = "test" };
        var normalized = PackageNames.Normalize("PyPI", name);
        var expected = Directory.GetDirectories(FeedCorpus.Path("osv-pypi"))
            .Where(d => PackageNames.Normalize("PyPI", Path.GetFileName(d)) == normalized)
            .SelectMany(d => Directory.GetFiles(d, "*.yaml"))
            .Select(f => YamlJson.Parse(new StringReader(File.ReadAllText(f)))!)
            .Where(r => OsvOracle.IsAffected(r, "PyPI", n => PackageNames.Normalize("PyPI", n) == normalized, version, VersionSchemes.Pep440))
            .ToList();

        var findings = MatchOne(package, distro: null);

        Assert.Equal(version != "2.32.3", expected.Count > 0);
        AssertSameRecords(expected, findings);
    }

    [Theory]
    [MemberData(nameof(GoModules))]
    public void Should_Report_Exactly_The_Applicable_Osv_Records_When_Matching_A_Go_Module(string module, string version)
    {
        var package = new Package { Name = module, Version = version, Type = PackageType.GoModule, FoundBy = "test" };
        var bare = version.StartsWith("go", StringComparison.Ordinal) ? version[2..] : version.TrimStart('v');
        var expected = GoRecords.Value
            .Where(r => OsvOracle.IsAffected(r, "Go", n => n == module, bare, VersionSchemes.SemVer))
            .ToList();

        var findings = MatchOne(package, distro: null);

        Assert.NotEmpty(expected);
        AssertSameRecords(expected, findings);
    }

    [Theory]
    [MemberData(nameof(AlpinePackages))]
    public void Should_Report_The_Branch_Secfixes_Above_The_Installed_Version_When_Matching_An_Alpine_Package(string name, string version, string? origin)
    {
        var package = new Package
        {
            Name = name,
            Version = version,
            Type = PackageType.Apk,
            FoundBy = "test",
            Metadata = origin is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["origin"] = origin },
        };
        var secdbName = origin ?? name;
        var fixedAbove = new HashSet<string>(StringComparer.Ordinal);
        var neverAffected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(FeedCorpus.Path("alpine-secdb", "v3.10"), "*.yaml"))
        {
            foreach (var entry in YamlJson.Parse(new StringReader(File.ReadAllText(file)))!["packages"]!.AsArray())
            {
                if ((string?)entry!["pkg"]!["name"] != secdbName)
                {
                    continue;
                }

                foreach (var (fixedIn, ids) in entry["pkg"]!["secfixes"]?.AsObject() ?? [])
                {
                    var target = fixedIn == "0" ? neverAffected : VersionSchemes.Apk.Compare(version, fixedIn) < 0 ? fixedAbove : null;
                    target?.UnionWith(ids!.AsArray().Select(i => ((string)i!).Split(' ')[0]));
                }
            }
        }

        var findings = MatchOne(package, new Distro { Id = "alpine", VersionId = "3.10.4" });

        Assert.Equal(version != "1.30.1-r2", fixedAbove.Count > 0);
        Assert.Equal(fixedAbove.Except(neverAffected).Order(StringComparer.Ordinal), findings.Select(f => f.Vulnerability.Id).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal("alpine:3.10", f.Namespace));
        Assert.All(findings, f => Assert.Equal(origin is null ? MatchTypes.ExactDirect : MatchTypes.ExactIndirect, f.MatchType));
    }

    [Fact]
    public void Should_Match_Nothing_When_The_Alpine_Branch_Has_No_Data()
    {
        var package = new Package { Name = "openssl", Version = "1.1.1c-r0", Type = PackageType.Apk, FoundBy = "test" };

        Assert.Empty(MatchOne(package, new Distro { Id = "alpine", VersionId = "3.19.1" }));
    }

    [Fact]
    public void Should_Leave_A_Python_Package_To_The_Distro_When_An_Os_Package_Owns_It()
    {
        var owned = new Package { Name = "PyYAML", Version = "5.3", Type = PackageType.Python, FoundBy = "test" };
        var owner = new Package { Name = "py3-yaml", Version = "5.3-r0", Type = PackageType.Apk, FoundBy = "test" };
        using var store = SqliteVulnerabilityStore.Open(CorpusVulnerabilityDatabase.Path);

        var result = VulnerabilityMatcher.Match(OwnedBy(owner, owned, new Distro { Id = "alpine", VersionId = "3.10.4" }), store);

        Assert.DoesNotContain(result.Findings, f => f.Package == owned);
        Assert.NotEmpty(MatchOne(owned, distro: null));
    }

    [Fact]
    public void Should_Match_The_Go_Toolchain_Linked_Into_A_Binary_That_An_Os_Package_Owns()
    {
        // Debian's docker-registry, built with go1.19.8: the stdlib flaws are tracked under golang-1.19, not under the
        // binary's package, so the Go data must still speak for the linked-in toolchain.
        var stdlib = new Package
        {
            Name = "stdlib", Version = "go1.19.8", Type = PackageType.GoModule, FoundBy = "go-module-binary-cataloger",
            Locations = [new Location("/usr/bin/docker-registry", string.Empty)],
        };
        var owner = new Package { Name = "docker-registry", Version = "2.8.2+ds1-1+b5", Type = PackageType.Deb, FoundBy = "test" };
        using var store = SqliteVulnerabilityStore.Open(CorpusVulnerabilityDatabase.Path);

        var result = VulnerabilityMatcher.Match(OwnedBy(owner, stdlib, new Distro { Id = "debian", VersionId = "12" }), store);

        var expected = MatchOne(stdlib, distro: null).Select(f => f.Vulnerability.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Findings.Where(f => f.Package == stdlib).Select(f => f.Vulnerability.Id));
    }

    private static readonly Lazy<List<JsonNode>> GoRecords = new(() =>
        Directory.GetFiles(FeedCorpus.Path("osv-go"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToList());

    /// <summary>An SBOM of an OS package and a package whose files it owns.</summary>
    private static Sbom OwnedBy(Package owner, Package owned, Distro distro) => new()
    {
        Source = new ImageDescription { Input = "test", Kind = "dir" },
        Distro = distro,
        Packages = [owner, owned],
        Relationships = [new Relationship(owner.Id, owned.Id, Relationship.OwnershipByFileOverlap)],
    };

    private static List<Finding> MatchOne(Package package, Distro? distro)
    {
        using var store = SqliteVulnerabilityStore.Open(CorpusVulnerabilityDatabase.Path);
        var sbom = new Sbom { Source = new ImageDescription { Input = "test", Kind = "dir" }, Distro = distro, Packages = [package] };
        var result = VulnerabilityMatcher.Match(sbom, store);
        Assert.Empty(result.Diagnostics);
        return result.Findings.ToList();
    }

    /// <summary>Every expected record is reported (under its id, or folded into a finding that names it as an alias), and nothing else is.</summary>
    private static void AssertSameRecords(List<JsonNode> expected, List<Finding> findings)
    {
        var reported = findings.SelectMany(f => f.Vulnerability.Aliases.Prepend(f.Vulnerability.Id)).ToHashSet(StringComparer.Ordinal);
        var expectedIds = expected.Select(r => (string)r["id"]!).ToHashSet(StringComparer.Ordinal);
        Assert.All(expectedIds, id => Assert.Contains(id, reported));
        Assert.All(findings, f => Assert.Contains(f.Vulnerability.Id, expectedIds));
        Assert.Equal(findings.Count, findings.Select(f => f.Vulnerability.Id).Distinct().Count());
    }
}
