using Gantry.Cataloging;
using Gantry.Cataloging.Secrets;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Images.Tests.FileSystem;

/// <summary>The request set files globs by shape to skip regexes; it must still answer exactly as <see cref="Glob"/> does.</summary>
public sealed class PathRequestSetTests
{
    /// <summary>Every shape a glob takes, the product's own requests among them.</summary>
    private static readonly string[] Globs =
    [
        .. CatalogerRegistry.CreateDefault().SelectMany(c => c.RequestedGlobs).Where(g => !g.StartsWith(PathRequestSet.ExecutablePrefix, StringComparison.Ordinal)),
        .. SecretCataloger.RequestedGlobs,
        "/var/lib/dpkg/status.d/*", "/*", "**/bin/*", "**/sbin/*", "/ko-app/*", "**/lib**", "/a/b?c/*.txt", "**/x/**/y*", "/usr/**", "**/*", "**", "/opt/*/bin/?ython*",
    ];

    private static readonly string[] Paths =
    [
        "/", "/x", "/app", "/app/a.jar", "/etc", "/etc/passwd", "/etc/ssl/private/key.pem", "/usr/lib/jvm/x.jar", "/usr/lib/python3/dist-packages/a.dist-info/METADATA",
        "/usr/lib/python3/dist-packages/a.dist-info/RECORD", "/var/lib/dpkg/status", "/var/lib/dpkg/status.d/busybox", "/var/lib/dpkg/status.d/a/b",
        "/var/lib/dpkg/info/libc6:amd64.list", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "/usr/lib/libnode.so.108", "/usr/local/lib/node_modules/x/package.json",
        "/srv/app/node_modules/.package-lock.json", "/home/user/.env", "/opt/app/conf/settings.json", "/opt/app/bin/python3", "/a/bxc/y.txt", "/a/b/c/y.txt",
        "/x/y", "/q/x/r/yes", "/Cargo.lock", "/src/Cargo.lock", "/usr/share/doc/requirements-dev.txt", "/lib", "/library/a", "/usr/local/bin/tool",
        "/jar", "/a.jar/b", "/bin/", "/usr/bin/", "/xbin/y", "/usr/sbin/z", "/etc/", "/root/.ssh/id_rsa", "/run/secrets/db", "/run/secretsx", "/etcx/passwd",
    ];

    [Fact]
    public void Should_Request_Exactly_The_Paths_Some_Glob_Matches()
    {
        foreach (var glob in Globs)
        {
            var single = new PathRequestSet([glob]);
            foreach (var path in Paths)
            {
                Assert.True(Glob.Get(glob).IsMatch(path) == single.IsRequested(path), $"glob '{glob}', path '{path}'");
            }
        }

        var all = new PathRequestSet(Globs);
        foreach (var path in Paths)
        {
            Assert.True(Globs.Any(g => Glob.Get(g).IsMatch(path)) == all.IsRequested(path), $"path '{path}'");
        }
    }

    [Theory]
    [InlineData("/usr/local/bin/tool", 0x1ED, true)]
    [InlineData("/usr/local/bin/tool", 0x1A4, false)]
    [InlineData("/usr/bin/env", 0x1C0, true)]
    [InlineData("/usr/lib/libx.so", 0x1ED, false)]
    public void Should_Request_Executables_Only_With_An_Execute_Bit(string path, int mode, bool requested)
    {
        var set = new PathRequestSet(["exec:**/bin/*", "exec:/usr/local/**"]);

        Assert.Equal(requested, set.IsRequested(path, mode));
    }

    [Theory]
    [InlineData("./usr/bin/", "/usr/bin")]
    [InlineData("usr/bin/env", "/usr/bin/env")]
    [InlineData("/etc//passwd", "/etc/passwd")]
    [InlineData("./", "/")]
    [InlineData(".", "/")]
    [InlineData("usr/bin//", "/usr/bin")]
    [InlineData("./home/u/.bashrc", "/home/u/.bashrc")]
    [InlineData(".hidden", "/.hidden")]
    [InlineData("a/./b/../c", "/a/c")]
    [InlineData("a\\b", "/a/b")]
    [InlineData("../etc/passwd", null)]
    [InlineData("a/../../b", null)]
    public void Should_Normalize_Entry_Names_Like_A_Chroot(string name, string? expected)
    {
        Assert.Equal(expected, ImagePath.NormalizeEntry(name));
    }
}
