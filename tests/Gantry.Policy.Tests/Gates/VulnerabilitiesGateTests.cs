using Gantry.Core;
using Gantry.Policy.Evaluation;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Gates;

public class VulnerabilitiesGateTests
{
    private static readonly Package Openssl = Package("openssl", "3.0.11-1~deb12u2");
    private static readonly Package Lodash = Package("lodash", "4.17.20", PackageType.Npm, "/app/node_modules/lodash/package.json", "sha256:app");

    private static Finding Finding(Package package, string id, Severity severity, FixState fix = FixState.Fixed, string? vector = null, bool kev = false, DateTimeOffset? published = null) => new()
    {
        Vulnerability = new Vulnerability
        {
            Id = id,
            Severity = severity,
            Kev = kev,
            Published = published ?? Now.AddDays(-100),
            Cvss = vector is null ? [] : [new CvssScore("3.1", vector, 9.8, "nvd")],
        },
        Package = package,
        FixState = fix,
        FixedVersions = fix == FixState.Fixed ? ["9.9.9"] : [],
        MatchType = "exact-direct-match",
        Matcher = "test",
        Namespace = "debian:12",
    };

    private static PolicyInput WithFindings(params Finding[] findings) => Input(packages: [Openssl, Lodash]) with { Findings = findings };

    [Fact]
    public void Should_UseAnchoreTriggerIds_When_PackageVulnerabilityFires()
    {
        var input = WithFindings(Finding(Openssl, "CVE-2024-0001", Severity.High), Finding(Lodash, "GHSA-xxxx", Severity.Critical));

        var rows = Run(input, "vulnerabilities", "package", ("package_type", "all"));

        Assert.Equal(["CVE-2024-0001+openssl", "GHSA-xxxx+lodash"], rows.Select(r => r.TriggerId));
        Assert.StartsWith("HIGH Vulnerability found in os package type (dpkg) - openssl-3.0.11-1~deb12u2 (fixed in: 9.9.9)", rows[0].CheckOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("os", ">", "medium", 1)]
    [InlineData("non-os", ">", "unknown", 1)]
    [InlineData("all", ">=", "high", 2)]
    [InlineData("all", "=", "critical", 1)]
    [InlineData("all", "<", "high", 0)]
    public void Should_FilterBySeverityAndType_When_ParametersGiven(string type, string comparison, string severity, int expected)
    {
        var input = WithFindings(Finding(Openssl, "CVE-2024-0001", Severity.High), Finding(Lodash, "GHSA-xxxx", Severity.Critical));

        Assert.Equal(expected, Run(input, "vulnerabilities", "package", ("package_type", type), ("severity_comparison", comparison), ("severity", severity)).Count);
    }

    [Fact]
    public void Should_ApplyFixVendorKevAndAgeFilters_When_Given()
    {
        var input = WithFindings(
            Finding(Openssl, "CVE-1", Severity.High, FixState.NotFixed),
            Finding(Openssl, "CVE-2", Severity.High, FixState.WontFix),
            Finding(Openssl, "CVE-3", Severity.High, kev: true, published: Now.AddDays(-2)));

        Assert.Equal(["CVE-3+openssl"], Run(input, "vulnerabilities", "package", ("package_type", "all"), ("fix_available", "true")).Select(r => r.TriggerId));
        Assert.Equal(2, Run(input, "vulnerabilities", "package", ("package_type", "all")).Count);
        Assert.Equal(3, Run(input, "vulnerabilities", "package", ("package_type", "all"), ("vendor_only", "false")).Count);
        Assert.Equal(["CVE-3+openssl"], Run(input, "vulnerabilities", "package", ("package_type", "all"), ("kev", "true")).Select(r => r.TriggerId));
        Assert.Equal(["CVE-1+openssl"], Run(input, "vulnerabilities", "package", ("package_type", "all"), ("max_days_since_creation", "30")).Select(r => r.TriggerId));
    }

    [Theory]
    [InlineData("cvss_v3_base_score", ">=", "9.0", 1)]
    [InlineData("cvss_v3_base_score", "<", "9.0", 0)]
    [InlineData("cvss_v3_exploitability_score", "=", "3.9", 1)] // AV:N/AC:L/PR:N/UI:N
    [InlineData("cvss_v3_impact_score", "=", "5.9", 1)] // C:H/I:H/A:H, scope unchanged
    [InlineData("vendor_cvss_v3_base_score", ">=", "1.0", 0)] // only an NVD score is present
    public void Should_CompareCvssScores_When_ThresholdGiven(string parameter, string comparison, string value, int expected)
    {
        var input = WithFindings(Finding(Openssl, "CVE-1", Severity.Critical, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));

        Assert.Equal(expected, Run(input, "vulnerabilities", "package", ("package_type", "all"), (parameter, value), (parameter + "_comparison", comparison)).Count);
    }

    [Fact]
    public void Should_RestrictToLayers_When_LayerScopeGiven()
    {
        var input = WithFindings(Finding(Openssl, "CVE-1", Severity.High), Finding(Lodash, "GHSA-1", Severity.High)) with
        {
            BaseImage = new BaseImageFacts { Reference = "debian:12", LayerDiffIds = ["sha256:base"] },
        };

        Assert.Equal(["CVE-1+openssl"], Run(input, "vulnerabilities", "package", ("package_type", "all"), ("layer_scope", "base")).Select(r => r.TriggerId));
        Assert.Equal(["GHSA-1+lodash"], Run(input, "vulnerabilities", "package", ("package_type", "all"), ("layer_scope", "application")).Select(r => r.TriggerId));
    }

    [Fact]
    public void Should_FireFeedTriggers_When_DataIsStaleOrMissing()
    {
        var stale = Input() with { Feeds = new FeedStatus { LastSync = Now.AddDays(-5), DistroDataAvailable = false } };

        Assert.Equal("The vulnerability feed for this image distro is older than MAXAGE (2) days",
            Assert.Single(Run(stale, "vulnerabilities", "stale_feed_data", ("max_days_since_sync", "2"))).CheckOutput);
        Assert.Empty(Run(stale, "vulnerabilities", "stale_feed_data", ("max_days_since_sync", "7")));
        Assert.Equal("Feed data unavailable, cannot perform CVE scan for distro: debian:12",
            Assert.Single(Run(stale, "vulnerabilities", "vulnerability_data_unavailable")).CheckOutput);
        Assert.Empty(Run(Input(), "vulnerabilities", "vulnerability_data_unavailable"));
    }

    [Fact]
    public void Should_FireBlacklist_When_ListedVulnerabilityFound()
    {
        var input = WithFindings(Finding(Openssl, "CVE-2019-1234", Severity.Low, FixState.WontFix));

        Assert.Empty(Run(input, "vulnerabilities", "blacklist", ("vulnerability_ids", "CVE-2019-1234")));
        Assert.Equal("Blacklisted vulnerabilities detected: ['CVE-2019-1234']",
            Assert.Single(Run(input, "vulnerabilities", "blacklist", ("vulnerability_ids", "CVE-2019-1234,CVE-2020-1"), ("vendor_only", "false"))).CheckOutput);
    }
}
