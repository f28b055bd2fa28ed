using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// The real Debian 12 image matched against a Debian security tracker file whose fixed versions are derived from what
/// the image has installed, imported by the real importer. Every version decision is checked against dpkg itself.
/// </summary>
public sealed class DpkgMatchingTests(DpkgMatchingTests.Scan scan) : IClassFixture<DpkgMatchingTests.Scan>
{
    private const string Above = "CVE-2099-0101";
    private const string Below = "CVE-2099-0102";
    private const string NotAffected = "CVE-2099-0103";
    private const string OpenPostponed = "CVE-2099-0104";
    private const string OpenIgnored = "CVE-2099-0105";
    private const string OtherReleasesOnly = "CVE-2099-0106";
    private const string TildeFix = "CVE-2099-0107";
    private const string FixedAtInstalled = "CVE-2099-0108";
    private const string EpochFix = "CVE-2099-0109";
    private const string FixWithoutEpoch = "CVE-2099-0110";
    private const string BinNmuSourceFix = "CVE-2099-0111";
    private const string Undetermined = "CVE-2099-0112";
    private const string NoUrgency = "CVE-2099-0113";
    private const string PyYaml = "CVE-2099-0120";

    [Fact]
    public async Task Should_Report_Exactly_What_Dpkg_Decides_For_Bookworm_When_Matching_The_Real_Image()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var statement in scan.Statements.Where(s => s.Release == "bookworm"))
        {
            foreach (var deb in scan.Installed.Where(d => d.Source == statement.Source))
            {
                var affected = statement.Status is "open" or "undetermined"
                    || (statement.FixedVersion is not "0" && await RealDebianPackages.DpkgLessThanAsync(deb.SourceVersion, statement.FixedVersion!));
                if (affected)
                {
                    expected.Add($"{deb.Name} {statement.Cve}");
                }
            }
        }

        var reported = scan.Result.Findings.Select(f => $"{f.Package.Name} {f.Vulnerability.Id}").Order(StringComparer.Ordinal);

        Assert.True(expected.Count > 10, $"only {expected.Count} expected findings");
        Assert.Empty(scan.Result.Diagnostics);
        Assert.Equal(expected, reported);
        Assert.All(scan.Result.Findings, f => Assert.Equal(("dpkg-matcher", "debian:12"), (f.Matcher, f.Namespace)));
    }

    [Fact]
    public void Should_Match_Every_Binary_Of_A_Source_Through_Its_Source_Version_When_The_Fix_Is_Newer()
    {
        var binaries = scan.BinariesOf("util-linux");
        var findings = scan.FindingsFor(Above);

        Assert.True(binaries.Count > 5, $"util-linux builds only {binaries.Count} binaries in the image");
        Assert.Equal(binaries.Select(b => b.Name).Order(StringComparer.Ordinal), findings.Select(f => f.Package.Name).Order(StringComparer.Ordinal));

        // bsdutils carries an epoch its source does not ("1:2.38.1-…" from util-linux "2.38.1-…"): only the source version compares right.
        Assert.Contains(binaries, b => b.Version.Contains(':') && !b.SourceVersion.Contains(':'));
        Assert.All(findings, f => Assert.Equal(f.Package.Name == "util-linux" ? MatchTypes.ExactDirect : MatchTypes.ExactIndirect, f.MatchType));
        Assert.All(findings, f => Assert.Equal([scan.Later(scan.SourceVersion("util-linux"))], f.FixedVersions));
        Assert.All(findings, f => Assert.Equal(FixState.Fixed, f.FixState));

        // The tracker's urgency wins over NVD's CRITICAL for the same CVE.
        Assert.All(findings, f => Assert.Equal(Severity.High, f.Vulnerability.Severity));
    }

    [Theory]
    [InlineData(Below)]                 // fixed before the installed version
    [InlineData(FixedAtInstalled)]      // fixed in exactly the installed version
    [InlineData(BinNmuSourceFix)]       // fixed in the source version of binNMU'd binaries (e2fsprogs 1.47.0-2 → 1.47.0-2+b2)
    [InlineData(FixWithoutEpoch)]       // a higher upstream version without the installed epoch is still older
    [InlineData(NotAffected)]           // fixed_version "0": bookworm never shipped the flaw
    [InlineData(OtherReleasesOnly)]     // only bullseye and sid entries
    public void Should_Not_Match_When_The_Tracker_Says_Bookworm_Is_Not_Affected(string cve)
    {
        Assert.Empty(scan.FindingsFor(cve));
    }

    [Fact]
    public void Should_Order_Tilde_And_Epoch_Versions_As_Dpkg_Does()
    {
        var systemd = scan.SourceVersion("systemd");
        var zlib = scan.SourceVersion("zlib");
        Assert.Contains('~', systemd);
        Assert.Contains(':', zlib);

        // 252.39-1~deb12u2 < 252.39-1: the backport sorts before the release it was backported from.
        Assert.Equal(scan.BinariesOf("systemd").Select(b => b.Name).Order(StringComparer.Ordinal),
            scan.FindingsFor(TildeFix).Select(f => f.Package.Name).Order(StringComparer.Ordinal));
        var zlib1g = Assert.Single(scan.FindingsFor(EpochFix));
        Assert.Equal("zlib1g", zlib1g.Package.Name);
        Assert.Equal(Severity.Medium, zlib1g.Vulnerability.Severity);
    }

    [Fact]
    public void Should_Report_Open_And_Undetermined_Entries_With_Their_Fix_State()
    {
        var postponed = scan.FindingsFor(OpenPostponed);
        var ignored = scan.FindingsFor(OpenIgnored);
        var undetermined = scan.FindingsFor(Undetermined);

        Assert.Equal(scan.BinariesOf("util-linux").Count, postponed.Count);
        Assert.All(postponed, f => Assert.Equal((FixState.NotFixed, Severity.Negligible), (f.FixState, f.Vulnerability.Severity)));
        Assert.All(postponed, f => Assert.Empty(f.FixedVersions));
        Assert.All(ignored, f => Assert.Equal((FixState.WontFix, Severity.Low), (f.FixState, f.Vulnerability.Severity)));
        Assert.Equal(scan.BinariesOf("glibc").Select(b => b.Name).Order(StringComparer.Ordinal), undetermined.Select(f => f.Package.Name).Order(StringComparer.Ordinal));

        // "not yet assigned" is no rating: the severity comes from NVD's record of the same CVE.
        Assert.All(undetermined, f => Assert.Equal((FixState.Unknown, Severity.Critical), (f.FixState, f.Vulnerability.Severity)));
        Assert.All(scan.FindingsFor(NoUrgency), f => Assert.Equal(Severity.Low, f.Vulnerability.Severity));
        Assert.NotEmpty(scan.FindingsFor(NoUrgency));
    }

    [Fact]
    public void Should_Match_A_Python_Module_Owned_By_A_Deb_Only_Through_The_Distro_Data()
    {
        var owner = new Package
        {
            Name = "python3-yaml",
            Version = "6.0-3",
            Type = PackageType.Deb,
            FoundBy = "dpkg-db-cataloger",
            Locations = [new Location("/var/lib/dpkg/status", string.Empty)],
            Metadata = new Dictionary<string, string> { ["sourceName"] = "pyyaml", ["sourceVersion"] = "6.0-3" },
        };
        var module = new Package
        {
            Name = "PyYAML",
            Version = "6.0",
            Type = PackageType.Python,
            FoundBy = "python-installed-package-cataloger",
            Locations = [new Location("/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info/PKG-INFO", string.Empty)],
            Cpes = ["cpe:2.3:a:pyyaml:pyyaml:6.0:*:*:*:*:*:*:*"],
        };
        var owned = new Relationship(owner.Id, module.Id, Relationship.OwnershipByFileOverlap);
        using var store = scan.Database.Open();

        var withOwnership = VulnerabilityMatcher.Match(scan.Sbom with { Packages = [owner, module], Relationships = [owned] }, store, useCpeForAll: true);
        var alone = VulnerabilityMatcher.Match(scan.Sbom with { Packages = [module], Relationships = [] }, store);

        var finding = Assert.Single(withOwnership.Findings);
        Assert.Equal(("python3-yaml", PyYaml, MatchTypes.ExactIndirect), (finding.Package.Name, finding.Vulnerability.Id, finding.MatchType));
        Assert.Equal("PYSEC-2099-1", Assert.Single(alone.Findings).Vulnerability.Id);
    }

    /// <summary>The image's SBOM, the tracker statements derived from its versions, the database and the match result, built once.</summary>
    public sealed class Scan : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();

        public Sbom Sbom { get; private set; } = null!;

        public IReadOnlyList<InstalledDeb> Installed { get; private set; } = [];

        public IReadOnlyList<TrackerStatement> Statements { get; private set; } = [];

        public MatchResult Result { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            (Sbom, Installed) = await RealDebianPackages.GetAsync();
            Statements = DeriveStatements();
            Database.Import("debian", FeedFormat.DebianTracker, Database.File("tracker.json", FeedFixtures.DebianTracker(Statements)));
            Database.Import("nvd", FeedFormat.Nvd, Database.File("nvd.json", FeedFixtures.NvdPage(
            [
                new NvdCve(Above, "CRITICAL", []),
                new NvdCve(Undetermined, "CRITICAL", []),
                new NvdCve(NoUrgency, "LOW", []),
            ])));
            var osv = Directory.CreateDirectory(Path.Combine(Database.Folder, "osv")).FullName;
            await File.WriteAllTextAsync(Path.Combine(osv, "PYSEC-2099-1.json"), FeedFixtures.OsvRecord(
                new OsvAdvisory("PYSEC-2099-1", [PyYaml], [new OsvAffected("PyPI", "PyYAML", "6.0.1")])));
            Database.Import("osv", FeedFormat.Osv, osv);

            using var store = Database.Open();
            Result = VulnerabilityMatcher.Match(Sbom, store);
        }

        public Task DisposeAsync()
        {
            Database.Dispose();
            return Task.CompletedTask;
        }

        public string SourceVersion(string source) => BinariesOf(source)[0].SourceVersion;

        public IReadOnlyList<InstalledDeb> BinariesOf(string source)
        {
            var binaries = Installed.Where(d => d.Source == source).ToList();
            Assert.True(binaries.Count > 0, $"the image has no binary package built from {source}");
            return binaries;
        }

        public List<Finding> FindingsFor(string cve) => Result.Findings.Where(f => f.Vulnerability.Id == cve).ToList();

        /// <summary>A version dpkg orders just after <paramref name="version"/>, as a later upload would be.</summary>
        public string Later(string version) => version + "+gantry1";

        private static string Earlier(string version) => version + "~gantry1";

        private static string WithoutEpoch(string version) => version[(version.IndexOf(':', StringComparison.Ordinal) + 1)..];

        private List<TrackerStatement> DeriveStatements()
        {
            var utilLinux = SourceVersion("util-linux");
            var systemd = SourceVersion("systemd");
            var zlib = SourceVersion("zlib");
            return
            [
                new("util-linux", Above, "bookworm", "resolved", Later(utilLinux), "high"),
                new("util-linux", Above, "bullseye", "resolved", "2.36.1-8+deb11u2", "medium"),
                new("util-linux", Above, "trixie", "resolved", "0", "unimportant"),
                new("util-linux", Below, "bookworm", "resolved", Earlier(utilLinux), "low"),
                new("util-linux", NotAffected, "bookworm", "resolved", "0", "unimportant"),
                new("util-linux", OpenPostponed, "bookworm", "open", null, "unimportant", "postponed"),
                new("util-linux", OpenIgnored, "bookworm", "open", null, "low", "ignored"),
                new("util-linux", OtherReleasesOnly, "bullseye", "resolved", Later(utilLinux), "high"),
                new("util-linux", OtherReleasesOnly, "sid", "open", null, "high"),
                new("systemd", TildeFix, "bookworm", "resolved", systemd[..systemd.IndexOf('~', StringComparison.Ordinal)], "medium"),
                new("systemd", FixedAtInstalled, "bookworm", "resolved", systemd, "medium"),
                new("zlib", EpochFix, "bookworm", "resolved", Later(zlib), "medium"),
                new("zlib", FixWithoutEpoch, "bookworm", "resolved", Later(WithoutEpoch(zlib)), "high"),
                new("e2fsprogs", BinNmuSourceFix, "bookworm", "resolved", SourceVersion("e2fsprogs"), "low"),
                new("glibc", Undetermined, "bookworm", "undetermined", null, "not yet assigned"),
                new("shadow", NoUrgency, "bookworm", "resolved", Later(SourceVersion("shadow")), "not yet assigned"),
                new("pyyaml", PyYaml, "bookworm", "resolved", "6.0-3+deb12u1", "medium"),
            ];
        }
    }
}
