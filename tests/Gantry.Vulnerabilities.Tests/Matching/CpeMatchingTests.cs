using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// NVD CVE API 2.0 criteria imported by the real importer, matched against an OpenSSL binary found by its version string
/// and against the real Debian 12 image's packages: binaries by CPE always, distro packages only with <c>--cpe</c> and
/// never against what the distro's own data says.
/// </summary>
public sealed class CpeMatchingTests(CpeMatchingTests.Scan scan) : IClassFixture<CpeMatchingTests.Scan>
{
    private const string OpenSslCpe = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
    private const string ZlibCpe = "cpe:2.3:a:zlib:zlib:*:*:*:*:*:*:*:*";
    private const string UtilLinuxCpe = "cpe:2.3:a:util-linux:util-linux:*:*:*:*:*:*:*:*";
    private const string ZlibBelowNext = "CVE-2099-2301";
    private const string UtilLinuxThroughUpstream = "CVE-2099-2302";
    private const string ZlibNotAffectedInDebian = "CVE-2099-2303";
    private const string ZlibFixedInDebian = "CVE-2099-2304";
    private const string UtilLinuxOpenInDebian = "CVE-2099-2305";

    /// <summary>The boundaries around the installed 3.0.11: id, cpeMatch, and whether 3.0.11 is inside.</summary>
    private static readonly (string Id, NvdCpeMatch Match, bool Covers)[] OpenSslCases =
    [
        ("CVE-2099-2201", new(OpenSslCpe, StartIncluding: "3.0.11", EndExcluding: "3.0.12"), true),
        ("CVE-2099-2202", new(OpenSslCpe, StartExcluding: "3.0.11"), false),
        ("CVE-2099-2203", new(OpenSslCpe, StartExcluding: "3.0.10"), true),
        ("CVE-2099-2204", new(OpenSslCpe, EndIncluding: "3.0.11"), true),
        ("CVE-2099-2205", new(OpenSslCpe, EndIncluding: "3.0.10"), false),
        ("CVE-2099-2206", new(OpenSslCpe, EndExcluding: "3.0.11"), false),
        ("CVE-2099-2207", new(OpenSslCpe, StartIncluding: "3.0.12"), false),
        ("CVE-2099-2208", new(OpenSslCpe, StartIncluding: "3.0.0", EndExcluding: "3.0.11"), false),
        ("CVE-2099-2209", new("cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"), true),
        ("CVE-2099-2210", new("cpe:2.3:a:openssl:openssl:3.0.10:*:*:*:*:*:*:*"), false),
        ("CVE-2099-2211", new(OpenSslCpe), true),
        ("CVE-2099-2212", new(OpenSslCpe, Vulnerable: false), false),     // a "running on" platform entry
        ("CVE-2099-2213", new("cpe:2.3:a:openbsd:libressl:*:*:*:*:*:*:*:*"), false),
    ];

    private const string Rejected = "CVE-2099-2214";

    public static TheoryData<string, bool> OpenSslBoundaries()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (id, _, covers) in OpenSslCases)
        {
            data.Add(id, covers);
        }

        data.Add(Rejected, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(OpenSslBoundaries))]
    public void Should_Match_A_Binary_By_Cpe_Exactly_At_The_Range_Boundaries_Without_The_Cpe_Option(string cve, bool covers)
    {
        var findings = scan.Default.Findings.Where(f => f.Package.Name == "openssl" && f.Vulnerability.Id == cve).ToList();

        Assert.Equal(covers, findings.Count == 1);
        Assert.All(findings, f => Assert.Equal((MatchTypes.Cpe, "cpe-matcher", "nvd:cpe"), (f.MatchType, f.Matcher, f.Namespace)));
    }

    [Fact]
    public void Should_Report_The_End_Excluding_Bound_As_The_Fix()
    {
        var finding = scan.Default.Findings.Single(f => f.Package.Name == "openssl" && f.Vulnerability.Id == "CVE-2099-2201");

        Assert.Equal((FixState.Fixed, Severity.High), (finding.FixState, finding.Vulnerability.Severity));
        Assert.Equal(["3.0.12"], finding.FixedVersions);
        Assert.Equal($"{OpenSslCpe} >= 3.0.11, < 3.0.12", finding.Constraint);
    }

    [Fact]
    public void Should_Leave_Deb_Packages_Out_Of_Cpe_Matching_Unless_Asked()
    {
        Assert.DoesNotContain(scan.Default.Findings, f => f.Package.Type == PackageType.Deb && f.MatchType == MatchTypes.Cpe);
        Assert.Contains(scan.WithCpe.Findings, f => f.Package.Type == PackageType.Deb && f.MatchType == MatchTypes.Cpe);
    }

    [Fact]
    public void Should_Compare_The_Upstream_Version_Of_A_Deb_When_Matching_By_Cpe()
    {
        // zlib1g 1:1.2.13.dfsg-1 is upstream 1.2.13.dfsg: below 1.3 although its epoch puts the Debian version above it.
        var zlib = Assert.Single(scan.CpeFindingsFor(ZlibBelowNext));
        Assert.Equal("zlib1g", zlib.Package.Name);

        // Debian's revision (-5+deb12u3) does not take util-linux past an upstream "through 2.38.1".
        Assert.Equal(scan.UtilLinuxBinaries, scan.CpeFindingsFor(UtilLinuxThroughUpstream).Select(f => f.Package.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_Drop_A_Cpe_Match_When_The_Distro_Data_Says_The_Package_Is_Not_Affected_Or_Fixed()
    {
        Assert.DoesNotContain(scan.WithCpe.Findings, f => f.Vulnerability.Id is ZlibNotAffectedInDebian or ZlibFixedInDebian);

        // What the distro still calls vulnerable is reported once per package, from the distro's data.
        var open = scan.WithCpe.Findings.Where(f => f.Vulnerability.Id == UtilLinuxOpenInDebian).ToList();
        Assert.Equal(scan.UtilLinuxBinaries, open.Select(f => f.Package.Name).Order(StringComparer.Ordinal));
        Assert.All(open, f => Assert.Equal(("dpkg-matcher", FixState.NotFixed), (f.Matcher, f.FixState)));
    }

    /// <summary>The real image's SBOM plus an OpenSSL binary, matched with and without <c>--cpe</c> against one database.</summary>
    public sealed class Scan : IAsyncLifetime, IDisposable
    {
        private readonly TestDatabase _database = new();

        public MatchResult Default { get; private set; } = null!;

        public MatchResult WithCpe { get; private set; } = null!;

        public IReadOnlyList<string> UtilLinuxBinaries { get; private set; } = [];

        public async Task InitializeAsync()
        {
            var (sbom, installed) = await RealDebianPackages.GetAsync();
            UtilLinuxBinaries = installed.Where(d => d.Source == "util-linux").Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
            var zlib = installed.Single(d => d.Name == "zlib1g").SourceVersion;
            var utilLinux = installed.First(d => d.Source == "util-linux").SourceVersion;
            var utilLinuxUpstream = utilLinux[..utilLinux.LastIndexOf('-')];

            var cves = OpenSslCases.Select(c => new NvdCve(c.Id, "HIGH", [c.Match])).ToList();
            cves.Add(new NvdCve(Rejected, "HIGH", [new(OpenSslCpe)], Rejected: true));
            cves.Add(new NvdCve(ZlibBelowNext, "CRITICAL", [new(ZlibCpe, EndExcluding: "1.3")]));
            cves.Add(new NvdCve(UtilLinuxThroughUpstream, "MEDIUM", [new(UtilLinuxCpe, StartIncluding: "2.0", EndIncluding: utilLinuxUpstream)]));
            cves.Add(new NvdCve(ZlibNotAffectedInDebian, "CRITICAL", [new(ZlibCpe, EndExcluding: "1.3")]));
            cves.Add(new NvdCve(ZlibFixedInDebian, "CRITICAL", [new(ZlibCpe, EndExcluding: "1.3")]));
            cves.Add(new NvdCve(UtilLinuxOpenInDebian, "MEDIUM", [new(UtilLinuxCpe, EndIncluding: utilLinuxUpstream)]));
            _database.Import("nvd", FeedFormat.Nvd, _database.File("nvd.json", FeedFixtures.NvdPage(cves)));
            _database.Import("debian", FeedFormat.DebianTracker, _database.File("tracker.json", FeedFixtures.DebianTracker(
            [
                new("zlib", ZlibNotAffectedInDebian, "bookworm", "resolved", "0", "unimportant"),
                new("zlib", ZlibFixedInDebian, "bookworm", "resolved", zlib + "~gantry1", "high"),
                new("util-linux", UtilLinuxOpenInDebian, "bookworm", "open", null, "low"),
            ])));

            // As the binary classifier reports an OpenSSL found by its OPENSSL_VERSION_TEXT.
            var openssl = new Package
            {
                Name = "openssl",
                Version = "3.0.11",
                Type = PackageType.Binary,
                FoundBy = "binary-classifier-cataloger",
                Locations = [new Location("/opt/openssl/bin/openssl", string.Empty)],
                Cpes = ["cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"],
            };
            var image = sbom with { Packages = [.. sbom.Packages, openssl] };
            using var store = _database.Open();
            Default = VulnerabilityMatcher.Match(image, store);
            WithCpe = VulnerabilityMatcher.Match(image, store, useCpeForAll: true);
            Assert.Empty(Default.Diagnostics);
            Assert.Empty(WithCpe.Diagnostics);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _database.Dispose();

        public List<Finding> CpeFindingsFor(string cve) =>
            WithCpe.Findings.Where(f => f.Vulnerability.Id == cve && f.MatchType == MatchTypes.Cpe).ToList();
    }
}
