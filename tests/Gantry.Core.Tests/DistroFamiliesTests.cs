namespace Gantry.Core.Tests;

public sealed class DistroFamiliesTests
{
    [Theory]
    [InlineData("debian", "12", null, PackageType.Deb, "debian:12")]
    [InlineData("debian", "", "trixie", PackageType.Deb, "debian:13")]
    [InlineData("debian", "", "sid", PackageType.Deb, "debian:unstable")]
    [InlineData("debian", "", "hamm", PackageType.Deb, null)]
    [InlineData("ubuntu", "22.04", "jammy", PackageType.Deb, "ubuntu:22.04")]
    [InlineData("alpine", "3.19.1", null, PackageType.Apk, "alpine:3.19")]
    [InlineData("alpine", "edge", null, PackageType.Apk, null)]
    [InlineData("wolfi", "20230201", null, PackageType.Apk, "wolfi")]
    [InlineData("centos", "7", null, PackageType.Rpm, "rhel:7")]
    [InlineData("rhel", "9.2", null, PackageType.Rpm, "rhel:9")]
    [InlineData("rocky", "9.3", null, PackageType.Rpm, "rocky:9")]
    [InlineData("amzn", "2", null, PackageType.Rpm, "amzn:2")]
    [InlineData("alpine", "3.19.1", null, PackageType.Deb, null)]
    [InlineData("debian", "12", null, PackageType.Npm, null)]
    public void Should_Name_The_Namespace_An_Image_Release_Is_Matched_Against(string id, string versionId, string? codename, PackageType type, string? expected)
    {
        var distro = new Distro { Id = id, VersionId = versionId, VersionCodename = codename };

        Assert.Equal(expected, DistroFamilies.NamespaceOf(distro, type));
    }

    [Fact]
    public void Should_Count_An_Image_Without_Os_Packages_As_Covered()
    {
        Assert.True(DistroFamilies.Cover([], distro: null, [PackageType.Python, PackageType.DartPub]));
        Assert.False(DistroFamilies.Cover(["debian:12"], distro: null, [PackageType.Deb]));
    }
}
