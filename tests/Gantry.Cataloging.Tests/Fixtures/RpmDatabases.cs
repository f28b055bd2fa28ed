using System.Buffers.Binary;
using System.Text;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Tools;

namespace Gantry.Cataloging.Tests.Fixtures;

/// <summary>
/// rpm databases made by the real tools, cached per machine: three small packages built with
/// <c>rpmbuild</c> and installed with <c>rpm -i --justdb</c> into a SQLite rpmdb (Debian's rpm can only
/// write SQLite); the same header blobs loaded into a Berkeley DB hash <c>Packages</c> by BDB's own
/// <c>db_load</c>; and an NDB <c>Packages.db</c> laid out by <see cref="RpmDatabaseWriter.Ndb(RpmPackage[])"/> (no NDB writer is
/// packaged for Debian). Each lives at its usual path under its own root folder.
/// </summary>
public static class RpmDatabases
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    private static readonly string[] Specs =
    [
        """
        Name: hello-gantry
        Version: 1.2.3
        Release: 4.el9
        Epoch: 2
        Summary: test package with an epoch
        License: MIT and BSD
        Vendor: Gantry Test, Inc.
        BuildArch: noarch
        %description
        test
        %install
        mkdir -p %{buildroot}/usr/share/hello-gantry
        echo hi > %{buildroot}/usr/share/hello-gantry/README
        echo there > %{buildroot}/usr/share/hello-gantry/NOTES
        %files
        /usr/share/hello-gantry/README
        /usr/share/hello-gantry/NOTES
        """,
        """
        Name: libgantry
        Version: 0.9
        Release: 1
        Summary: an arch-specific package
        License: GPL-2.0-or-later
        %description
        test
        %install
        mkdir -p %{buildroot}/usr/lib64
        echo lib > %{buildroot}/usr/lib64/libgantry.so.0
        %files
        /usr/lib64/libgantry.so.0
        """,
        """
        Name: gantry-tools
        Version: 10.0.1
        Release: 7.fc40
        Summary: a package with a folder of files
        License: ASL 2.0
        BuildArch: noarch
        %description
        test
        %install
        mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/gantry
        echo a > %{buildroot}/usr/bin/gantry-a
        echo b > %{buildroot}/usr/bin/gantry-b
        echo c > %{buildroot}/etc/gantry/config
        %files
        /usr/bin/gantry-a
        /usr/bin/gantry-b
        %config /etc/gantry/config
        """,
    ];

    /// <summary>The cache folder: <c>sqlite/</c>, <c>bdb/</c> and <c>ndb/</c> roots, and <c>sqlite/var/lib/rpm</c> as rpm's dbpath.</summary>
    public static Task<string> GetAsync() => Built.Value;

    public static string SqliteDbPath(string cache) => Path.Combine(cache, "sqlite/var/lib/rpm");

    private static async Task<string> BuildAsync()
    {
        var cache = Path.Combine(Path.GetTempPath(), "gantry-cataloging-fixtures", "rpmdb-v1");
        var stamp = Path.Combine(cache, "complete");
        if (File.Exists(stamp))
        {
            return cache;
        }

        await ToolInstaller.EnsureAptPackageAsync("rpm", "/usr/bin/rpmbuild");
        await ToolInstaller.EnsureAptPackageAsync("db5.3-util", "/usr/bin/db5.3_load");
        await ToolInstaller.EnsureAptPackageAsync("sqlite3", "/usr/bin/sqlite3");
        using var _ = await FileLock.AcquireAsync(Path.Combine(Path.GetTempPath(), "gantry-cataloging-rpmdb.lock"), TimeSpan.FromMinutes(10));
        if (File.Exists(stamp))
        {
            return cache;
        }

        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }

        var top = Path.Combine(cache, "rpmbuild");
        Directory.CreateDirectory(Path.Combine(top, "SPECS"));
        for (var i = 0; i < Specs.Length; i++)
        {
            var spec = Path.Combine(top, "SPECS", $"p{i}.spec");
            await File.WriteAllTextAsync(spec, Specs[i]);
            await Run.ToolAsync("rpmbuild", "--define", $"_topdir {top}", "-bb", spec);
        }

        var dbPath = SqliteDbPath(cache);
        Directory.CreateDirectory(dbPath);
        await Run.ToolAsync("rpm", "--define", "_db_backend sqlite", "--dbpath", dbPath, "--initdb");
        var rpms = Directory.GetFiles(Path.Combine(top, "RPMS"), "*.rpm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        await Run.ToolAsync("rpm", ["--define", "_db_backend sqlite", "--dbpath", dbPath, "-i", "--nodeps", "--justdb", .. rpms]);

        // The header blobs exactly as rpm stored them, keyed by rpm's package number.
        var rows = (await Run.ToolAsync("sqlite3", Path.Combine(dbPath, "rpmdb.sqlite"), "SELECT hnum, hex(blob) FROM Packages ORDER BY hnum"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|'))
            .Select(cols => (Number: uint.Parse(cols[0], System.Globalization.CultureInfo.InvariantCulture), Blob: Convert.FromHexString(cols[1])))
            .ToList();

        var bdb = Path.Combine(cache, "bdb/var/lib/rpm");
        Directory.CreateDirectory(bdb);
        var dump = new StringBuilder("VERSION=3\nformat=bytevalue\ntype=hash\nHEADER=END\n");
        foreach (var (number, blob) in rows)
        {
            var key = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(key, number);
            dump.Append(' ').Append(Convert.ToHexStringLower(key)).Append("\n ").Append(Convert.ToHexStringLower(blob)).Append('\n');
        }

        dump.Append("DATA=END\n");
        var dumpFile = Path.Combine(cache, "packages.dump");
        await File.WriteAllTextAsync(dumpFile, dump.ToString());
        await Run.ToolAsync("db5.3_load", "-f", dumpFile, Path.Combine(bdb, "Packages"));

        var ndb = Path.Combine(cache, "ndb/usr/lib/sysimage/rpm");
        Directory.CreateDirectory(ndb);
        await File.WriteAllBytesAsync(Path.Combine(ndb, "Packages.db"), RpmDatabaseWriter.Ndb(rows));

        await File.WriteAllTextAsync(stamp, DateTime.UtcNow.ToString("O"));
        return cache;
    }
}
