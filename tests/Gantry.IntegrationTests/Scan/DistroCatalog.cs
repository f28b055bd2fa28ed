namespace Gantry.IntegrationTests.Scan;

/// <summary>
/// Every distro <c>db update</c> fetches OSV data for, with its real <c>os-release</c> and package database format, and
/// versions where each scheme's edge cases decide: epochs, <c>~</c> (pre-releases sort first), rpm's <c>^</c> and an
/// explicit <c>0:</c> epoch (Red Hat writes one), apk's <c>_rc</c> and <c>-rN</c> revisions, Ubuntu's <c>~22.04</c>
/// backport suffixes and source versions unlike the binary's.
/// </summary>
public static class DistroCatalog
{
    private static readonly InstalledPackage[] Rpm9 =
    [
        new("openssl", "1:3.0.7-27.el9", "openssl"),
        new("openssl-libs", "1:3.0.7-27.el9", "openssl"),
        new("curl-minimal", "7.76.1-29.el9_4", "curl"),
        new("gantry-tool", "1.2.3~rc1-1.el9"),
        new("gantry-snap", "1.2.3^20240101git1-1.el9"),
        new("tzdata", "2024a-1.el9"),
    ];

    private static Advisory[] Rpm9Advisories(string prefix, string ecosystem, string otherRelease) =>
    [
        new($"{prefix}-2099:1001", ecosystem, "openssl", "1:3.0.7-28.el9"),
        new($"{prefix}-2099:1002", ecosystem, "openssl", "3.0.7-29.el9"),
        new($"{prefix}-2099:1003", ecosystem, "openssl", "1:3.0.7-27.el9_4"),
        new($"{prefix}-2099:1004", ecosystem, "curl", "7.76.1-29.el9_4"),
        new($"{prefix}-2099:1005", ecosystem, "curl", "7.76.1-29.el9_4.1"),
        new($"{prefix}-2099:1006", ecosystem, "gantry-tool", "1.2.3-1.el9"),
        new($"{prefix}-2099:1007", ecosystem, "gantry-snap", "1.2.3-1.el9"),
        new($"{prefix}-2099:1008", ecosystem, "gantry-snap", "1.2.4-1.el9"),
        new($"{prefix}-2099:1009", ecosystem, "tzdata", null),
        new($"{prefix}-2099:1010", otherRelease, "openssl", "1:3.0.7-99.el8", Applies: false),
    ];

    public static IReadOnlyList<DistroCase> All { get; } =
    [
        new(
            "ubuntu",
            "Ubuntu",
            """
            PRETTY_NAME="Ubuntu 22.04.4 LTS"
            NAME="Ubuntu"
            VERSION_ID="22.04"
            VERSION="22.04.4 LTS (Jammy Jellyfish)"
            VERSION_CODENAME=jammy
            ID=ubuntu
            ID_LIKE=debian
            HOME_URL="https://www.ubuntu.com/"
            SUPPORT_URL="https://help.ubuntu.com/"
            BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
            PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
            UBUNTU_CODENAME=jammy
            """,
            PackageDatabase.Dpkg,
            [
                new("libssl3", "3.0.2-0ubuntu1.15", "openssl"),
                new("openssl", "3.0.2-0ubuntu1.15"),
                new("tar", "1.34+dfsg-1ubuntu0.1.22.04.1"),
                new("libgcc-s1", "12.3.0-1ubuntu1~22.04", "gcc-12", "12.3.0-1ubuntu1~22.04"),
                new("libgnutls30", "3.7.3-4ubuntu1.5~rc1", "gnutls28"),
                new("libcurl4", "7.81.0-1ubuntu1.15", "curl"),
                new("login", "1:4.8.1-2ubuntu2.2", "shadow"),
                new("libxml2", "2.9.13+dfsg-1ubuntu0.4"),
            ],
            [
                new("UBUNTU-CVE-2099-0001", "Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.16"),
                new("UBUNTU-CVE-2099-0002", "Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.15"),
                new("UBUNTU-CVE-2099-0003", "Ubuntu:22.04:LTS", "tar", "1.34+dfsg-1ubuntu0.1.22.04.2"),
                new("UBUNTU-CVE-2099-0004", "Ubuntu:22.04:LTS", "gcc-12", "12.3.0-1ubuntu1~22.04.1"),
                new("UBUNTU-CVE-2099-0005", "Ubuntu:22.04:LTS", "gnutls28", "3.7.3-4ubuntu1.5"),
                new("UBUNTU-CVE-2099-0006", "Ubuntu:22.04:LTS", "curl", "7.81.0-1ubuntu1.15~pre1"),
                new("UBUNTU-CVE-2099-0007", "Ubuntu:22.04:LTS", "shadow", "4.8.1-2ubuntu2.3"),
                new("UBUNTU-CVE-2099-0008", "Ubuntu:22.04:LTS", "libxml2", null),
                new("UBUNTU-CVE-2099-0009", "Ubuntu:Pro:22.04:LTS", "tar", "1.34+dfsg-1ubuntu0.1.22.04.9", Applies: false),
                new("UBUNTU-CVE-2099-0010", "Ubuntu:20.04:LTS", "openssl", "3.0.2-0ubuntu9", Applies: false),
            ],
            "ubuntu:22.04"),
        new(
            "rhel",
            "Red Hat",
            """
            NAME="Red Hat Enterprise Linux"
            VERSION="9.4 (Plow)"
            ID="rhel"
            ID_LIKE="fedora"
            VERSION_ID="9.4"
            PLATFORM_ID="platform:el9"
            PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
            ANSI_COLOR="0;31"
            LOGO="fedora-logo-icon"
            CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
            HOME_URL="https://www.redhat.com/"
            DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"
            BUG_REPORT_URL="https://issues.redhat.com/"
            REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"
            REDHAT_BUGZILLA_PRODUCT_VERSION=9.4
            REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
            REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
            """,
            PackageDatabase.RpmSqlite,
            [
                .. Rpm9,
                new("nodejs", "1:18.19.0-1.module+el9.4.0+21000+aaaaaaaa", ModularityLabel: "nodejs:18:9040020240229100606:rhel9"),
            ],
            [
                // Red Hat writes every epoch, 0 included, and files a package under the repository that ships it.
                new("RHSA-2099:1001", "Red Hat:enterprise_linux:9::baseos", "openssl", "1:3.0.7-28.el9"),
                new("RHSA-2099:1002", "Red Hat:enterprise_linux:9::baseos", "openssl", "0:3.0.7-29.el9"),
                new("RHSA-2099:1003", "Red Hat:enterprise_linux:9::baseos", "openssl", "1:3.0.7-27.el9_4"),
                new("RHSA-2099:1004", "Red Hat:enterprise_linux:9::baseos", "curl", "0:7.76.1-29.el9_4"),
                new("RHSA-2099:1004", "Red Hat:enterprise_linux:9::appstream", "curl", "0:7.76.1-29.el9_4"),
                new("RHSA-2099:1005", "Red Hat:rhel_eus:9.4::baseos", "curl", "0:7.76.1-29.el9_4.1"),
                new("RHSA-2099:1006", "Red Hat:enterprise_linux:9::appstream", "gantry-tool", "0:1.2.3-1.el9"),
                new("RHSA-2099:1007", "Red Hat:enterprise_linux:9::appstream", "gantry-snap", "0:1.2.3-1.el9"),
                new("RHSA-2099:1008", "Red Hat:enterprise_linux:9::appstream", "gantry-snap", "0:1.2.4-1.el9"),
                new("RHSA-2099:1009", "Red Hat:enterprise_linux:9::appstream", "nodejs", "1:18.20.2-2.module+el9.4.0+21731+46b5c7b7", "nodejs:18"),
                new("RHSA-2099:1010", "Red Hat:enterprise_linux:9::appstream", "nodejs", "1:20.12.2-2.module+el9.4.0+21732+aaaa", "nodejs:20", Applies: false),
                new("RHSA-2099:1011", "Red Hat:enterprise_linux:9::appstream", "nodejs", "1:16.20.2-8.el9_4"),
                new("RHSA-2099:1012", "Red Hat:enterprise_linux:8::appstream", "openssl", "1:3.0.7-99.el8", Applies: false),
                new("RHSA-2099:1013", "Red Hat:openshift:4.14::el9", "openssl", "1:3.0.7-99.el9", Applies: false),
            ],
            "rhel:9"),
        new(
            "rocky",
            "Rocky Linux",
            """
            NAME="Rocky Linux"
            VERSION="9.3 (Blue Onyx)"
            ID="rocky"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.3"
            PLATFORM_ID="platform:el9"
            PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
            ANSI_COLOR="0;32"
            LOGO="fedora-logo-icon"
            CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
            HOME_URL="https://rockylinux.org/"
            BUG_REPORT_URL="https://bugs.rockylinux.org/"
            SUPPORT_END="2032-05-31"
            ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
            ROCKY_SUPPORT_PRODUCT_VERSION="9.3"
            REDHAT_SUPPORT_PRODUCT="Rocky Linux"
            REDHAT_SUPPORT_PRODUCT_VERSION="9.3"
            """,
            PackageDatabase.RpmSqlite,
            Rpm9,
            Rpm9Advisories("RLSA", "Rocky Linux:9", "Rocky Linux:8"),
            "rocky:9"),
        new(
            "almalinux",
            "AlmaLinux",
            """
            NAME="AlmaLinux"
            VERSION="9.4 (Seafoam Ocelot)"
            ID="almalinux"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.4"
            PLATFORM_ID="platform:el9"
            PRETTY_NAME="AlmaLinux 9.4 (Seafoam Ocelot)"
            ANSI_COLOR="0;34"
            LOGO="fedora-logo-icon"
            CPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"
            HOME_URL="https://almalinux.org/"
            DOCUMENTATION_URL="https://wiki.almalinux.org/"
            BUG_REPORT_URL="https://bugs.almalinux.org/"
            ALMALINUX_MANTISBT_PROJECT="AlmaLinux-9"
            ALMALINUX_MANTISBT_PROJECT_VERSION="9.4"
            REDHAT_SUPPORT_PRODUCT="AlmaLinux"
            REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
            SUPPORT_END=2032-06-01
            """,
            PackageDatabase.RpmSqlite,
            Rpm9,
            Rpm9Advisories("ALSA", "AlmaLinux:9", "AlmaLinux:8"),
            "almalinux:9"),
        new(
            "sles",
            "SUSE",
            """
            NAME="SLES"
            VERSION="15-SP5"
            VERSION_ID="15.5"
            PRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"
            ID="sles"
            ID_LIKE="suse"
            ANSI_COLOR="0;32"
            CPE_NAME="cpe:/o:suse:sles:15:sp5"
            DOCUMENTATION_URL="https://documentation.suse.com/"
            """,
            PackageDatabase.RpmNdb,
            [
                new("libopenssl3", "3.0.8-150500.5.8.1", "openssl-3"),
                new("glibc", "2.31-150300.63.1"),
                new("libzstd1", "1.5.0-150400.3.3.1", "zstd"),
                new("timezone", "2024a-150000.75.28.1"),
            ],
            [
                // SUSE files base packages under the module that ships them, by binary name.
                new("SUSE-SU-2099:0001-1", "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "libopenssl3", "3.0.8-150500.5.11.1"),
                new("SUSE-SU-2099:0001-1", "SUSE:Linux Enterprise Server for SAP Applications 15 SP5", "libopenssl3", "3.0.8-150500.5.11.1"),
                new("SUSE-SU-2099:0002-1", "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "glibc", "2.31-150300.63.1"),
                new("SUSE-SU-2099:0003-1", "SUSE:Linux Enterprise Server 15 SP5-LTSS", "libzstd1", "1.5.0-150400.3.10.1"),
                new("SUSE-SU-2099:0004-1", "SUSE:Linux Enterprise Module for Basesystem 15 SP5", "timezone", "2024a-150000.75.28.1~1"),
                new("SUSE-SU-2099:0005-1", "SUSE:Linux Enterprise Module for Basesystem 15 SP4", "glibc", "2.31-150300.99.1", Applies: false),
                new("SUSE-SU-2099:0006-1", "SUSE:Linux Enterprise Micro 5.5", "glibc", "2.31-150300.99.1", Applies: false),
            ],
            "sles:15.5"),
        new(
            "opensuse-leap",
            "openSUSE",
            """
            NAME="openSUSE Leap"
            VERSION="15.5"
            ID="opensuse-leap"
            ID_LIKE="suse opensuse"
            VERSION_ID="15.5"
            PRETTY_NAME="openSUSE Leap 15.5"
            ANSI_COLOR="0;32"
            CPE_NAME="cpe:/o:opensuse:leap:15.5"
            BUG_REPORT_URL="https://bugs.opensuse.org"
            HOME_URL="https://www.opensuse.org/"
            DOCUMENTATION_URL="https://en.opensuse.org/Portal:Leap"
            LOGO="distributor-logo-Leap"
            """,
            PackageDatabase.RpmNdb,
            [
                new("libopenssl3", "3.0.8-150500.5.8.1", "openssl-3"),
                new("curl", "8.0.1-150400.5.41.1"),
                new("libzypp", "17.31.31-150400.3.66.1"),
            ],
            [
                new("openSUSE-SU-2099:0101-1", "openSUSE:Leap 15.5", "libopenssl3", "3.0.8-150500.5.11.1"),
                new("openSUSE-SU-2099:0102-1", "openSUSE:Leap 15.5", "curl", "8.0.1-150400.5.41.1"),
                new("openSUSE-SU-2099:0103-1", "openSUSE:Leap 15.4", "curl", "8.0.1-150400.5.99.1", Applies: false),
                new("openSUSE-SU-2099:0104-1", "openSUSE:Tumbleweed", "libzypp", "17.99.0-1.1", Applies: false),
            ],
            "opensuse-leap:15.5"),
        new(
            "opensuse-tumbleweed",
            "openSUSE",
            """
            NAME="openSUSE Tumbleweed"
            # VERSION="20240801"
            ID="opensuse-tumbleweed"
            ID_LIKE="opensuse suse"
            VERSION_ID="20240801"
            PRETTY_NAME="openSUSE Tumbleweed"
            ANSI_COLOR="0;32"
            CPE_NAME="cpe:/o:opensuse:tumbleweed:20240801"
            BUG_REPORT_URL="https://bugzilla.opensuse.org"
            SUPPORT_URL="https://bugs.opensuse.org"
            HOME_URL="https://www.opensuse.org"
            DOCUMENTATION_URL="https://en.opensuse.org/Portal:Tumbleweed"
            LOGO="distributor-logo-Tumbleweed"
            """,
            PackageDatabase.RpmNdb,
            [
                new("curl", "8.8.0-1.1"),
                new("libopenssl3", "3.1.4-9.1", "openssl-3"),
                new("zypper", "1.14.73-1.1"),
            ],
            [
                new("openSUSE-SU-2099:13001-1", "openSUSE:Tumbleweed", "curl", "8.9.0-1.1"),
                new("openSUSE-SU-2099:13002-1", "openSUSE:Tumbleweed", "libopenssl3", "3.1.4-10.1"),
                new("openSUSE-SU-2099:13003-1", "openSUSE:Tumbleweed", "libopenssl3", "3.1.4-9.1"),
                new("openSUSE-SU-2099:13004-1", "openSUSE:Leap 15.5", "zypper", "1.99.0-150500.1.1", Applies: false),
            ],
            "opensuse-tumbleweed"),
        new(
            "azurelinux",
            "Azure Linux",
            """
            NAME="Microsoft Azure Linux"
            VERSION="3.0.20240727"
            ID=azurelinux
            VERSION_ID="3.0"
            PRETTY_NAME="Microsoft Azure Linux 3.0"
            ANSI_COLOR="1;34"
            HOME_URL="https://aka.ms/azurelinux"
            BUG_REPORT_URL="https://aka.ms/azurelinux"
            SUPPORT_URL="https://aka.ms/azurelinux"
            """,
            PackageDatabase.RpmSqlite,
            [
                new("curl", "8.8.0-1.azl3"),
                new("openssl", "3.3.0-3.azl3"),
                new("openssl-libs", "1:3.3.0-3.azl3", "openssl"),
                new("glibc", "2.38-6.azl3"),
            ],
            [
                // The export writes fixes without the epoch and the .azl3 dist tag.
                new("AZL-20001", "Azure Linux:3", "curl", "8.8.0-2"),
                new("AZL-20002", "Azure Linux:3", "openssl", "3.3.0-3"),
                new("AZL-20003", "Azure Linux:3", "glibc", null),
                new("AZL-20004", "Azure Linux:2", "curl", "8.99.0-1", Applies: false),
            ],
            "azurelinux:3"),
        new(
            "wolfi",
            "Wolfi",
            """
            ID=wolfi
            NAME="Wolfi"
            PRETTY_NAME="Wolfi"
            VERSION_ID="20230201"
            HOME_URL="https://wolfi.dev"
            """,
            PackageDatabase.Apk,
            [
                new("openssl", "3.3.0-r0"),
                new("libcrypto3", "3.3.0-r0", "openssl"),
                new("curl", "8.7.1-r0"),
                new("busybox", "1.36.1-r5"),
                new("git", "2.45.0_rc1-r0"),
                new("glibc", "2.39-r3"),
            ],
            [
                new("CGA-2099-aaaa-0001", "Wolfi", "openssl", "3.3.0-r1"),
                new("CGA-2099-aaaa-0002", "Wolfi", "curl", "8.7.1-r0"),
                new("CGA-2099-aaaa-0003", "Wolfi", "busybox", "1.36.1-r10"),
                new("CGA-2099-aaaa-0004", "Wolfi", "git", "2.45.0-r0"),
                new("CGA-2099-aaaa-0005", "Wolfi", "glibc", null),
                new("CGA-2099-aaaa-0006", "Chainguard", "curl", "8.99.0-r0", Applies: false),
            ],
            "wolfi"),
        new(
            "chainguard",
            "Chainguard",
            """
            ID=chainguard
            NAME="Chainguard"
            PRETTY_NAME="Chainguard"
            VERSION_ID="20230214"
            HOME_URL="https://chainguard.dev/"
            """,
            PackageDatabase.Apk,
            [
                new("openssl", "3.3.1-r2"),
                new("libssl3", "3.3.1-r2", "openssl"),
                new("zlib", "1.3.1-r0"),
                new("python-3.12", "3.12.4_pre1-r0"),
            ],
            [
                new("CGA-2099-bbbb-0001", "Chainguard", "openssl", "3.3.1-r10"),
                new("CGA-2099-bbbb-0002", "Chainguard", "zlib", "1.3.1-r0"),
                new("CGA-2099-bbbb-0003", "Chainguard", "python-3.12", "3.12.4-r0"),
                new("CGA-2099-bbbb-0004", "Wolfi", "zlib", "1.3.99-r0", Applies: false),
            ],
            "chainguard"),
    ];
}
