using Gantry.Cataloging.Os;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Engine.Tests.Scanning;

/// <summary>
/// Both directions of the distro mapping meet: the namespace an image's os-release reads (as images of each distro
/// really ship it) is the namespace the distro's OSV records are stored under.
/// </summary>
public sealed class DistroNamespaceTests
{
    public static TheoryData<string, string, PackageType, string> Releases => new()
    {
        { "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\n", "Ubuntu:24.04:LTS", PackageType.Deb, "ubuntu:24.04" },
        { "NAME=\"Ubuntu\"\nVERSION_ID=\"24.10\"\nVERSION=\"24.10 (Oracular Oriole)\"\nID=ubuntu\nID_LIKE=debian\n", "Ubuntu:24.10", PackageType.Deb, "ubuntu:24.10" },
        { "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.10 (Ootpa)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.10\"\nPLATFORM_ID=\"platform:el8\"\n", "Red Hat:enterprise_linux:8::appstream", PackageType.Rpm, "rhel:8" },
        { "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\nVERSION_ID=\"9.4\"\n", "Red Hat:rhel_eus:9.4::baseos", PackageType.Rpm, "rhel:9" },
        { "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n", "Red Hat:enterprise_linux:7::server", PackageType.Rpm, "rhel:7" },
        { "NAME=\"Rocky Linux\"\nVERSION=\"8.9 (Green Obsidian)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"8.9\"\n", "Rocky Linux:8", PackageType.Rpm, "rocky:8" },
        { "NAME=\"AlmaLinux\"\nVERSION=\"9.4 (Seafoam Ocelot)\"\nID=\"almalinux\"\nVERSION_ID=\"9.4\"\n", "AlmaLinux:9", PackageType.Rpm, "almalinux:9" },
        { "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\nID=\"sles\"\nID_LIKE=\"suse\"\n", "SUSE:Linux Enterprise Module for Basesystem 15 SP5", PackageType.Rpm, "sles:15.5" },
        { "NAME=\"SLES\"\nVERSION=\"12-SP5\"\nVERSION_ID=\"12.5\"\nID=\"sles\"\nID_LIKE=\"suse\"\n", "SUSE:Linux Enterprise Server 12 SP5", PackageType.Rpm, "sles:12.5" },
        { "NAME=\"SLES_SAP\"\nVERSION=\"15-SP4\"\nVERSION_ID=\"15.4\"\nID=\"sles_sap\"\nID_LIKE=\"suse\"\n", "SUSE:Linux Enterprise Server for SAP Applications 15 SP4", PackageType.Rpm, "sles:15.4" },
        { "NAME=\"SLE Micro\"\nVERSION=\"5.5\"\nVERSION_ID=\"5.5\"\nID=\"sle-micro\"\nID_LIKE=\"suse\"\n", "SUSE:Linux Enterprise Micro 5.5", PackageType.Rpm, "sle-micro:5.5" },
        { "NAME=\"openSUSE Leap\"\nVERSION=\"15.6\"\nID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\nVERSION_ID=\"15.6\"\n", "openSUSE:Leap 15.6", PackageType.Rpm, "opensuse-leap:15.6" },
        { "NAME=\"openSUSE Leap Micro\"\nVERSION=\"5.5\"\nID=\"opensuse-leap-micro\"\nVERSION_ID=\"5.5\"\n", "openSUSE:Leap Micro 5.5", PackageType.Rpm, "opensuse-leap-micro:5.5" },
        { "NAME=\"openSUSE Tumbleweed\"\n# VERSION=\"20240801\"\nID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\nVERSION_ID=\"20240801\"\n", "openSUSE:Tumbleweed", PackageType.Rpm, "opensuse-tumbleweed" },
        { "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\nHOME_URL=\"https://wolfi.dev\"\n", "Wolfi", PackageType.Apk, "wolfi" },
        { "ID=chainguard\nNAME=\"Chainguard\"\nPRETTY_NAME=\"Chainguard\"\nVERSION_ID=\"20230214\"\n", "Chainguard", PackageType.Apk, "chainguard" },
        { "NAME=\"Microsoft Azure Linux\"\nVERSION=\"3.0.20240727\"\nID=azurelinux\nVERSION_ID=\"3.0\"\nPRETTY_NAME=\"Microsoft Azure Linux 3.0\"\n", "Azure Linux:3", PackageType.Rpm, "azurelinux:3" },
        { "NAME=\"Common Base Linux Mariner\"\nVERSION=\"2.0.20240123\"\nID=mariner\nVERSION_ID=\"2.0\"\n", "Azure Linux:2", PackageType.Rpm, "azurelinux:2" },
        { "NAME=\"Mageia\"\nVERSION=\"9\"\nID=mageia\nVERSION_ID=9\n", "Mageia:9", PackageType.Rpm, "mageia:9" },
        { "NAME=\"openEuler\"\nVERSION=\"24.03 (LTS)\"\nID=\"openEuler\"\nVERSION_ID=\"24.03\"\n", "openEuler:24.03-LTS", PackageType.Rpm, "openeuler:24.03" },
        { "NAME=\"openEuler\"\nVERSION=\"22.03 (LTS-SP3)\"\nID=\"openEuler\"\nVERSION_ID=\"22.03\"\n", "openEuler:22.03-LTS-SP3", PackageType.Rpm, "openeuler:22.03" },
        { "NAME=\"VMware Photon OS\"\nVERSION=\"5.0\"\nID=photon\nVERSION_ID=5.0\n", "Photon OS:5.0", PackageType.Rpm, "photon:5.0" },
        { "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n", "Alpine:v3.20", PackageType.Apk, "alpine:3.20" },
        { "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n", "Debian:12", PackageType.Deb, "debian:12" },
    };

    [Theory]
    [MemberData(nameof(Releases))]
    public void Should_Read_The_Namespace_Its_Osv_Records_Are_Stored_Under(string osRelease, string osvEcosystem, PackageType type, string expected)
    {
        var distro = DistroDetector.ParseOsRelease(osRelease, "/etc/os-release")!;

        Assert.Equal(expected, Namespaces.FromOsvEcosystem(osvEcosystem));
        Assert.Equal(expected, DistroFamilies.NamespaceOf(distro, type));
    }
}
