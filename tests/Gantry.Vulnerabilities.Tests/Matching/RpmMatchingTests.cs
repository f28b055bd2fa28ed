using System.Text.Json;
using Gantry.Core;
using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// RPM packages as the rpmdb cataloger reports them (<c>EPOCH:VERSION-RELEASE</c>, the source RPM in metadata) matched
/// against OSV advisories of Rocky Linux, AlmaLinux and Red Hat imported by the real importer. Every version decision
/// is checked against rpm's own <c>labelCompare</c> (python3-rpm).
/// </summary>
public sealed class RpmMatchingTests(RpmMatchingTests.Advisories advisories) : IClassFixture<RpmMatchingTests.Advisories>
{
    private static readonly Package[] Installed =
    [
        Rpm("openssl", "1:3.0.7-24.el9", "openssl-3.0.7-24.el9.src.rpm"),
        Rpm("openssl-libs", "1:3.0.7-24.el9", "openssl-3.0.7-24.el9.src.rpm"),
        Rpm("curl-minimal", "7.76.1-26.el9", "curl-7.76.1-26.el9.src.rpm"),
        Rpm("tzdata", "2024a-1.el9", "tzdata-2024a-1.el9.src.rpm"),
        Rpm("gantry-tool", "1.2.3~rc1-1.el9", "gantry-tool-1.2.3~rc1-1.el9.src.rpm"),
        Rpm("gantry-snap", "1.2.3^20240101git1-1.el9", "gantry-snap-1.2.3^20240101git1-1.el9.src.rpm"),
    ];

    /// <summary>Each (source or binary name, fixed version) is published by every distro; null while unfixed.</summary>
    private static readonly (string Name, string? Fixed)[] Cases =
    [
        ("openssl", "1:3.0.7-25.el9"),      // a later release: both binaries of the source RPM
        ("openssl", "3.0.7-27.el9"),        // no epoch is epoch 0: older than the installed epoch 1
        ("openssl", "1:3.0.7-24.el9_2"),    // release el9 < el9_2
        ("openssl", "1:3.0.7-24.el9"),      // exactly the installed version
        ("curl", "7.76.1-29.el9_4"),        // curl-minimal through its source RPM
        ("gantry-tool", "1.2.3-1.el9"),     // ~rc1 sorts before the release
        ("gantry-snap", "1.2.3-1.el9"),     // ^snapshot sorts after the release…
        ("gantry-snap", "1.2.4-1.el9"),     // …and before the next one
        ("tzdata", null),
    ];

    private static readonly (string Ecosystem, string Prefix, string Namespace)[] Distros =
    [
        ("Rocky Linux:9", "RLSA", "rocky:9"),
        ("AlmaLinux:9", "ALSA", "almalinux:9"),
        ("Red Hat:enterprise_linux:9::baseos", "RHSA", "rhel:9"),
    ];

    [Slow(SlowBecause.ExternalTool)]
    [Theory]
    [InlineData("rocky", "9.3", "rocky:9")]
    [InlineData("almalinux", "9.4", "almalinux:9")]
    [InlineData("rhel", "9.2", "rhel:9")]
    [InlineData("centos", "9", "rhel:9")]
    public async Task Should_Report_Exactly_What_Rpm_Decides_For_The_Release_When_Matching(string distro, string versionId, string @namespace)
    {
        var prefix = Distros.Single(d => d.Namespace == @namespace).Prefix;
        var pairs = new List<(Package Package, string Id, string? Fixed)>();
        for (var i = 0; i < Cases.Length; i++)
        {
            pairs.AddRange(Installed
                .Where(p => p.Name == Cases[i].Name || SourceName(p) == Cases[i].Name)
                .Select(p => (p, AdvisoryId(prefix, i), Cases[i].Fixed)));
        }

        var older = await RpmLabelCompare.CompareAsync(pairs.Where(p => p.Fixed is not null).Select(p => (p.Package.Version, p.Fixed!)).ToList());
        var decided = pairs.Where(p => p.Fixed is not null).Zip(older, (p, c) => (p.Package.Name, p.Id, Affected: c < 0));
        var expected = pairs.Where(p => p.Fixed is null).Select(p => (p.Package.Name, p.Id, Affected: true))
            .Concat(decided)
            .Where(p => p.Affected)
            .Select(p => $"{p.Name} {p.Id}")
            .Order(StringComparer.Ordinal);

        var result = Match(new Distro { Id = distro, VersionId = versionId });

        Assert.Empty(result.Diagnostics);
        Assert.Equal(expected, result.Findings.Select(f => $"{f.Package.Name} {f.Vulnerability.Id}").Order(StringComparer.Ordinal));
        Assert.All(result.Findings, f => Assert.Equal(("rpm-matcher", @namespace), (f.Matcher, f.Namespace)));
    }

    [Fact]
    public void Should_Match_Binaries_Through_Their_Source_Rpm_With_The_Fix_State()
    {
        var findings = Match(new Distro { Id = "rocky", VersionId = "9.3" }).Findings;

        var libs = findings.Single(f => f.Package.Name == "openssl-libs" && f.Vulnerability.Id == AdvisoryId("RLSA", 0));
        Assert.Equal((MatchTypes.ExactIndirect, FixState.Fixed), (libs.MatchType, libs.FixState));
        Assert.Equal(["1:3.0.7-25.el9"], libs.FixedVersions);
        Assert.Equal(MatchTypes.ExactDirect, findings.Single(f => f.Package.Name == "openssl" && f.Vulnerability.Id == AdvisoryId("RLSA", 0)).MatchType);
        Assert.Equal(["CVE-2099-3000"], libs.Vulnerability.Aliases);
        Assert.Equal(FixState.NotFixed, findings.Single(f => f.Package.Name == "tzdata").FixState);
        Assert.Contains(findings, f => f.Package.Name == "gantry-tool");
        Assert.DoesNotContain(findings, f => f.Vulnerability.Id == "RLSA-2099:8000");
    }

    [Fact]
    public void Should_Match_Nothing_When_The_Release_Has_No_Data()
    {
        Assert.Empty(Match(new Distro { Id = "rocky", VersionId = "10.0" }).Findings);
        Assert.Empty(Match(new Distro { Id = "fedora", VersionId = "40" }).Findings);
    }

    private MatchResult Match(Distro distro)
    {
        using var store = advisories.Database.Open();
        var sbom = new Sbom { Source = new ImageDescription { Input = "test", Kind = "dir" }, Distro = distro, Packages = Installed };
        return VulnerabilityMatcher.Match(sbom, store);
    }

    private static string AdvisoryId(string prefix, int caseIndex) => $"{prefix}-2099:{1000 + caseIndex}";

    /// <summary>NAME of NAME-VERSION-RELEASE.src.rpm.</summary>
    private static string SourceName(Package p)
    {
        var sourceRpm = p.GetMetadata("sourceRpm")!;
        return sourceRpm[..sourceRpm.LastIndexOf('-', sourceRpm.LastIndexOf('-') - 1)];
    }

    private static Package Rpm(string name, string version, string sourceRpm) => new()
    {
        Name = name,
        Version = version,
        Type = PackageType.Rpm,
        FoundBy = "rpm-db-cataloger",
        Locations = [new Location("/var/lib/rpm/rpmdb.sqlite", string.Empty)],
        Metadata = version.Contains(':')
            ? new Dictionary<string, string> { ["sourceRpm"] = sourceRpm, ["epoch"] = version.Split(':')[0] }
            : new Dictionary<string, string> { ["sourceRpm"] = sourceRpm },
    };

    /// <summary>Every case published by every distro as one OSV record each, plus a Rocky 8 record the release 9 must not see.</summary>
    public sealed class Advisories : IDisposable
    {
        public Advisories()
        {
            var folder = Directory.CreateDirectory(Path.Combine(Database.Folder, "osv")).FullName;
            foreach (var (ecosystem, prefix, _) in Distros)
            {
                for (var i = 0; i < Cases.Length; i++)
                {
                    Write(folder, new OsvAdvisory(AdvisoryId(prefix, i), [$"CVE-2099-{3000 + i}"], [new OsvAffected(ecosystem, Cases[i].Name, Cases[i].Fixed)]));
                }
            }

            Write(folder, new OsvAdvisory("RLSA-2099:8000", ["CVE-2099-3999"], [new OsvAffected("Rocky Linux:8", "openssl", "1:3.0.7-99.el8")]));
            Database.Import("osv-rpm", FeedFormat.Osv, folder);
        }

        public TestDatabase Database { get; } = new();

        public void Dispose() => Database.Dispose();

        private static void Write(string folder, OsvAdvisory advisory) =>
            File.WriteAllText(Path.Combine(folder, advisory.Id.Replace(':', '-') + ".json"), FeedFixtures.OsvRecord(advisory));
    }
}
