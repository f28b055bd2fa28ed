using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Engine.Tests;

/// <summary>Packages removed or upgraded by later layers, on images the test kit writes with real-format databases.</summary>
public sealed partial class LayeredPackageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-engine-tests").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Slow(SlowBecause.RealImage)]
    [Fact]
    public async Task Should_Drop_A_Removed_Package_And_Report_An_Upgraded_One_At_Its_New_Layer()
    {
        // Given: the real status file of the Debian image, then a layer that removes "sed" and upgrades "bash"
        var image = await RealDebianImage.GetAsync();
        var status = await File.ReadAllTextAsync(Path.Combine(image.RootFs, "var/lib/dpkg/status"));
        var bashVersion = BashVersion().Match(status).Groups[1].Value;
        var upgraded = BashVersion().Replace(RemoveParagraph(status, "sed"), m => m.Value.Replace(bashVersion, bashVersion + "+deb12u9", StringComparison.Ordinal), 1);
        var built = new SyntheticImage()
            .Layer(l => l.File("etc/os-release", OsRelease(image)).File("var/lib/dpkg/status", status)
                .File("var/lib/dpkg/info/sed.list", "/.\n/bin\n/bin/sed\n").File("bin/sed", "elf"))
            .Layer(l => l.File("var/lib/dpkg/status", upgraded).Whiteout("/var/lib/dpkg/info/sed.list").Whiteout("/bin/sed"), "apt-get remove sed && apt-get install bash")
            .Build();
        var path = Path.Combine(_root, "layered.tar");
        SyntheticImage.WriteDockerArchive(built, path);

        // When
        var sbom = await new SbomGenerator().GenerateAsync("docker-archive:" + path, SbomOptions.Default, null, CancellationToken.None);

        // Then
        Assert.DoesNotContain(sbom.Packages, p => p.Name == "sed");
        var bash = sbom.Packages.Single(p => p.Name == "bash");
        Assert.Equal(bashVersion + "+deb12u9", bash.Version);
        Assert.Equal(built.Layers[1].DiffId, bash.LayerDiffId);
        Assert.Equal(built.Layers[0].DiffId, sbom.Packages.Single(p => p.Name == "coreutils").LayerDiffId);
    }

    [Fact]
    public async Task Should_List_Alpine_Packages_From_The_Apk_Database()
    {
        var built = new SyntheticImage()
            .Layer(l => l.File("etc/alpine-release", "3.19.1\n").File("etc/os-release", AlpineOsRelease).File("lib/apk/db/installed", ApkInstalled))
            .Layer(l => l.File("lib/apk/db/installed", ApkInstalled + "\n" + ApkCurl), "apk add curl")
            .Build();
        var path = Path.Combine(_root, "alpine.tar");
        SyntheticImage.WriteOciArchive(built, path);

        var sbom = await new SbomGenerator().GenerateAsync("oci-archive:" + path, SbomOptions.Default, null, CancellationToken.None);

        Assert.Equal(("alpine", "3.19.1"), (sbom.Distro!.Id, sbom.Distro.VersionId));
        Assert.Equal(["busybox 1.36.1-r15", "curl 8.5.0-r0", "musl 1.2.4_git20230717-r4"], sbom.Packages.Select(p => $"{p.Name} {p.Version}"));
        var busybox = sbom.Packages[0];
        Assert.Equal("pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1", busybox.Purl!.ToString());
        Assert.Equal(["GPL-2.0-only"], busybox.Licenses);
        Assert.Contains("/bin/busybox", busybox.Files);
        Assert.Equal(built.Layers[0].DiffId, busybox.LayerDiffId);
        Assert.Equal(built.Layers[1].DiffId, sbom.Packages.Single(p => p.Name == "curl").LayerDiffId);
    }

    private static string OsRelease(RealDebianImage image) => File.ReadAllText(Path.Combine(image.RootFs, "usr/lib/os-release"));

    private static string RemoveParagraph(string status, string package) =>
        string.Join("\n\n", status.Split("\n\n").Where(p => !p.StartsWith($"Package: {package}\n", StringComparison.Ordinal)));

    [GeneratedRegex(@"Package: bash\n(?:[^\n]+\n)*?Version: ([^\n]+)")]
    private static partial Regex BashVersion();

    private const string AlpineOsRelease = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n";

    // The format of /lib/apk/db/installed as apk 2.14 writes it (fields from a real Alpine 3.19 image).
    private const string ApkInstalled = """
        C:Q1Ef8rBv5ya5tA5RVnAbQ9wOtiS0k=
        P:musl
        V:1.2.4_git20230717-r4
        A:x86_64
        S:407049
        I:663552
        T:the musl c library (libc) implementation
        U:https://musl.libc.org/
        L:MIT
        o:musl
        m:Timo Teräs <timo.teras@iki.fi>
        t:1704819393
        c:83b858f83b658bd34eca5d8ad4d145f673ae7e5e
        p:so:libc.musl-x86_64.so.1=1
        F:lib
        R:ld-musl-x86_64.so.1
        a:0:0:755
        Z:Q1EHlF4+Ouep1kCbjcCRGF0XqICuk=
        R:libc.musl-x86_64.so.1
        a:0:0:777
        Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

        C:Q1/w/R+xmH5PiKsmhYX2pSlvHPfgM=
        P:busybox
        V:1.36.1-r15
        A:x86_64
        S:510153
        I:950272
        T:Size optimized toolbox of many common UNIX utilities
        U:https://busybox.net/
        L:GPL-2.0-only
        o:busybox
        m:Sören Tempel <soeren+alpine@soeren-tempel.net>
        t:1704197468
        c:c57a5ac2f1c4d2d44eb4a01bb01e4ec6b4f6db7d
        D:so:libc.musl-x86_64.so.1
        F:bin
        R:busybox
        a:0:0:755
        Z:Q1/YR0gD4Ajyyf1Kh4jZ+kHIb+gMg=
        F:etc
        R:securetty
        Z:Q1mB95Hglr6p4Qr9JTnTX8mXXGhn8=

        """;

    private const string ApkCurl = """
        C:Q1p3IYbOB5UHHUj8yN2T+gJQ6Sa9E=
        P:curl
        V:8.5.0-r0
        A:x86_64
        S:152358
        I:294912
        T:URL retrival utility and library
        U:https://curl.se/
        L:curl
        o:curl
        m:Natanael Copa <ncopa@alpinelinux.org>
        t:1701856800
        c:7bd69f5b3baf5ac5b1f17ab8c05b3e6bd6e6f8b2
        D:ca-certificates-bundle so:libc.musl-x86_64.so.1 so:libcurl.so.4 so:libz.so.1
        F:usr
        F:usr/bin
        R:curl
        a:0:0:755
        Z:Q1ep5gdl4E6k9UrJiUKcUsoBbcbM4=

        """;
}
