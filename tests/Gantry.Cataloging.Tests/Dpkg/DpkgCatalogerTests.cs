using Gantry.Cataloging.Dpkg;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;

namespace Gantry.Cataloging.Tests.Dpkg;

public sealed class DpkgCatalogerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-dpkg-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_ListOwnedFilesSortedOnce_When_ListsAndMd5SumsNameThem()
    {
        Write("var/lib/dpkg/status", """
            Package: coreutils
            Status: install ok installed
            Architecture: amd64
            Version: 9.1-1

            Package: gone
            Status: deinstall ok config-files
            Version: 1.0

            """);
        Write("var/lib/dpkg/info/coreutils.list", "/.\n/usr\n/usr/bin\n/usr/bin/ls\r\n\n  /usr/bin/cat  \n/usr/bin\n");
        Write("var/lib/dpkg/info/coreutils:amd64.list", "/usr/bin/tac\n");
        Write("var/lib/dpkg/info/coreutils.md5sums",
            "0123456789abcdef0123456789abcdef  usr/bin/ls\n0123456789abcdef0123456789abcdef  //usr/bin/dd\nmalformed\n x\n");
        Write("var/lib/dpkg/info/gone.list", "/etc/gone.conf\n");

        var (result, _) = await Catalog.RunFilesAsync(_root, new DpkgCataloger(), new Distro { Id = "debian", VersionId = "12" });

        var package = Assert.Single(result.Packages);
        Assert.Equal("coreutils", package.Name);
        Assert.Equal(["/usr", "/usr/bin", "/usr/bin/cat", "/usr/bin/dd", "/usr/bin/ls", "/usr/bin/tac"], package.Files);
        Assert.Empty(result.Diagnostics);
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
