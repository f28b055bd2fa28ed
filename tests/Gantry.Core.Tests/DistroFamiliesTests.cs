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
    [InlineData("almalinux", "8.10", null, PackageType.Rpm, "almalinux:8")]
    [InlineData("sles", "15.5", null, PackageType.Rpm, "sles:15.5")]
    [InlineData("sles_sap", "15.5", null, PackageType.Rpm, "sles:15.5")]
    [InlineData("sles", "15", null, PackageType.Rpm, "sles:15")]
    [InlineData("sle-micro", "5.5", null, PackageType.Rpm, "sle-micro:5.5")]
    [InlineData("opensuse-leap", "15.5", null, PackageType.Rpm, "opensuse-leap:15.5")]
    [InlineData("opensuse-leap-micro", "5.5", null, PackageType.Rpm, "opensuse-leap-micro:5.5")]
    [InlineData("opensuse-tumbleweed", "20240801", null, PackageType.Rpm, "opensuse-tumbleweed")]
    [InlineData("chainguard", "20230214", null, PackageType.Apk, "chainguard")]
    [InlineData("alpine", "3.19.1", null, PackageType.Deb, null)]
    [InlineData("debian", "12", null, PackageType.Npm, null)]
    public void Should_Name_The_Namespace_An_Image_Release_Is_Matched_Against(string id, string versionId, string? codename, PackageType type, string? expected)
    {
        var distro = new Distro { Id = id, VersionId = versionId, VersionCodename = codename };

        Assert.Equal(expected, DistroFamilies.NamespaceOf(distro, type));
    }

    [Fact]
    public void Should_Say_Which_Namespace_Is_Missing_When_The_Release_Has_No_Data()
    {
        var ubuntu = new Distro { Id = "ubuntu", VersionId = "99.04", PrettyName = "Ubuntu 99.04" };

        var missing = DistroFamilies.MissingData(["ubuntu:22.04", "PyPI"], ubuntu, [PackageType.Deb, PackageType.Deb, PackageType.Python]);

        Assert.Equal("no vulnerability data for Ubuntu 99.04 in the database (it reads ubuntu:99.04; 'gantry db status' lists what the database holds), "
            + "so the image's 2 OS package(s) (deb) were not matched", missing);
        Assert.Null(DistroFamilies.MissingData(["ubuntu:99.04"], ubuntu, [PackageType.Deb]));
        Assert.Contains("cannot tell", DistroFamilies.MissingData(["debian:12"], new Distro { Id = "debian" }, [PackageType.Deb]));
        Assert.Contains("no os-release", DistroFamilies.MissingData(["debian:12"], null, [PackageType.Deb]));
    }

    [Fact]
    public void Should_Fetch_The_Osv_Exports_Of_The_Distros_Without_A_Feed_Of_Their_Own()
    {
        Assert.Equal(["Ubuntu", "Wolfi", "Chainguard", "Red Hat", "Rocky Linux", "AlmaLinux", "SUSE", "openSUSE", "Azure Linux"], DistroFamilies.DefaultOsvFeeds);
    }

    [Fact]
    public void Should_Count_An_Image_Without_Os_Packages_As_Covered()
    {
        Assert.True(DistroFamilies.Cover([], distro: null, [PackageType.Python, PackageType.DartPub]));
        Assert.False(DistroFamilies.Cover(["debian:12"], distro: null, [PackageType.Deb]));
    }
}
