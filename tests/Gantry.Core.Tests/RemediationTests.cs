namespace Gantry.Core.Tests;

public sealed class RemediationTests
{
    [Theory]
    [InlineData(true, "3.0.13", RemediationTarget.BaseImage, "rebuild or update the base image to one with libssl3 3.0.13")]
    [InlineData(true, null, RemediationTarget.BaseImage, "no fixed version of libssl3 yet; rebuild or update the base image once one is published")]
    [InlineData(false, "3.0.13", RemediationTarget.Application, "upgrade libssl3 to 3.0.13 in the application layer")]
    [InlineData(false, null, RemediationTarget.Application, "no fixed version of libssl3 yet")]
    public void Should_Point_At_The_Base_Image_Only_When_A_Base_Layer_Brought_The_Package(bool inBase, string? fixedVersion, RemediationTarget target, string hint)
    {
        var finding = Finding(fixedVersion is null ? [] : [fixedVersion]);

        var remediation = new ReportedFinding(finding, null, new LayerOrigin("sha256:l0", null, inBase)).Remediation;

        Assert.Equal(target, remediation.Target);
        Assert.Equal(fixedVersion is not null, remediation.HasFix);
        Assert.Equal(hint, remediation.Hint);
    }

    [Fact]
    public void Should_Name_Every_Fixed_Version_When_Several_Branches_Are_Fixed()
    {
        var remediation = Remediation.For(Finding(["3.0.13", "3.1.5"]), new LayerOrigin("sha256:l1", null, InBaseImage: false));

        Assert.Equal(["3.0.13", "3.1.5"], remediation.FixedVersions);
        Assert.Equal("upgrade libssl3 to 3.0.13 or 3.1.5 in the application layer", remediation.Hint);
    }

    private static Finding Finding(IReadOnlyList<string> fixedVersions) => new()
    {
        Vulnerability = new Vulnerability { Id = "CVE-2024-0727" },
        Package = new Package { Name = "libssl3", Version = "3.0.11", Type = PackageType.Deb, FoundBy = "dpkg-db-cataloger" },
        FixedVersions = fixedVersions,
        FixState = fixedVersions.Count > 0 ? FixState.Fixed : FixState.NotFixed,
        MatchType = "exact-direct-match",
        Matcher = "dpkg-matcher",
        Namespace = "debian:12",
    };
}
