using Gantry.Core;
using Gantry.Engine.Scanning;

namespace Gantry.Engine.Tests.Scanning;

public sealed class FindingDiffTests
{
    [Fact]
    public void Should_Report_Added_And_Removed_Findings_When_The_Lists_Differ()
    {
        var kept = Reported("CVE-2024-1", "openssl");
        var gone = Reported("CVE-2024-2", "zlib");
        var fresh = Reported("CVE-2024-3", "curl");

        var changes = FindingDiff.Compare([kept, gone], [kept, fresh]);

        Assert.Equal([fresh], changes.Added);
        Assert.Equal([gone], changes.Removed);
        Assert.Empty(changes.Updated);
    }

    [Fact]
    public void Should_Count_The_Same_Cve_On_Another_Package_As_Another_Finding()
    {
        var onOpenssl = Reported("CVE-2024-1", "openssl");
        var onLibssl = Reported("CVE-2024-1", "libssl3");
        var otherVersion = Reported("CVE-2024-1", "openssl", version: "3.0.12");
        var otherPath = Reported("CVE-2024-1", "openssl", path: "/opt/app/lib/status");
        var otherNamespace = Reported("CVE-2024-1", "openssl", ns: "debian:13");

        var changes = FindingDiff.Compare([onOpenssl], [onOpenssl, onLibssl, otherVersion, otherPath, otherNamespace]);

        Assert.Equal([onLibssl, otherVersion, otherPath, otherNamespace], changes.Added);
        Assert.Empty(changes.Removed);
    }

    [Fact]
    public void Should_Report_An_Update_When_The_Fix_State_Or_Severity_Changes()
    {
        var notFixed = Reported("CVE-2024-1", "openssl", fixState: FixState.NotFixed);
        var fixedNow = Reported("CVE-2024-1", "openssl", fixState: FixState.Fixed, fixedVersions: ["3.0.13"]);
        var low = Reported("CVE-2024-2", "zlib", severity: Severity.Low);
        var critical = Reported("CVE-2024-2", "zlib", severity: Severity.Critical);

        var changes = FindingDiff.Compare([notFixed, low], [fixedNow, critical]);

        Assert.Empty(changes.Added);
        Assert.Empty(changes.Removed);
        Assert.Equal([new UpdatedFinding(notFixed, fixedNow), new UpdatedFinding(low, critical)], changes.Updated);
    }

    [Fact]
    public void Should_Report_Nothing_When_Only_Facts_Outside_The_Comparison_Change()
    {
        var before = Reported("CVE-2024-1", "openssl", layer: "sha256:old");
        var after = Reported("CVE-2024-1", "openssl", layer: "sha256:rebuilt", epss: 0.9);

        Assert.True(FindingDiff.Compare([before], [after]).IsEmpty);
    }

    [Fact]
    public void Should_Leave_Suppressed_Findings_Out_On_Both_Sides()
    {
        var active = Reported("CVE-2024-1", "openssl");
        var ignored = active with { Suppression = new Suppression(Suppression.IgnoreRule, "rule 1", "not reachable") };

        Assert.Equal([active], FindingDiff.Compare([ignored], [active]).Added);
        Assert.Equal([active], FindingDiff.Compare([active], [ignored]).Removed);
        Assert.True(FindingDiff.Compare([ignored], [ignored]).IsEmpty);
    }

    [Fact]
    public void Should_Keep_The_First_Finding_When_An_Identity_Repeats()
    {
        var first = Reported("CVE-2024-1", "openssl", severity: Severity.High);
        var repeated = Reported("CVE-2024-1", "openssl", severity: Severity.Low);

        var changes = FindingDiff.Compare([first, repeated], [first]);

        Assert.True(changes.IsEmpty);
    }

    private static ReportedFinding Reported(
        string id,
        string package,
        string version = "3.0.11",
        string path = "/var/lib/dpkg/status",
        string ns = "debian:12",
        Severity severity = Severity.High,
        FixState fixState = FixState.NotFixed,
        IReadOnlyList<string>? fixedVersions = null,
        string layer = "sha256:base",
        double? epss = null) =>
        new(
            new Finding
            {
                Vulnerability = new Vulnerability { Id = id, Severity = severity, Epss = epss },
                Package = new Package { Name = package, Version = version, Type = PackageType.Deb, FoundBy = "dpkg-db-cataloger", LayerDiffId = layer, Locations = [new Location(path, layer)] },
                FixState = fixState,
                FixedVersions = fixedVersions ?? [],
                MatchType = "exact-direct-match",
                Matcher = "dpkg-matcher",
                Namespace = ns,
            },
            null,
            new LayerOrigin(layer, null, InBaseImage: false));
}
