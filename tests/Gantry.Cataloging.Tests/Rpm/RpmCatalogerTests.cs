using Gantry.Cataloging.Rpm;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests.Rpm;

public sealed class RpmCatalogerTests
{
    private const string QueryFormat = "%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}|%{SOURCERPM}|%{LICENSE}|%{VENDOR}\\n";

    [Slow(SlowBecause.ExternalTool)]
    [Theory]
    [InlineData("sqlite")]
    [InlineData("bdb")]
    [InlineData("ndb")]
    public async Task Should_ListExactlyWhatRpmQaLists_When_DatabaseHoldsRealHeaders(string backend)
    {
        var cache = await RpmDatabases.GetAsync();
        var expected = (await Run.ToolAsync("rpm", "--dbpath", RpmDatabases.SqliteDbPath(cache), "-qa", "--qf", QueryFormat))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Order(StringComparer.Ordinal)
            .ToList();

        var (result, _) = await Catalog.DirectoryAsync(Path.Combine(cache, backend), new RpmCataloger());

        var actual = result.Packages
            .Select(p => string.Join('|', p.Name, p.GetMetadata("epoch") ?? "(none)", p.Version.Split(':')[^1].Split('-')[0], p.GetMetadata("release"),
                p.GetMetadata("architecture"), p.GetMetadata("sourceRpm"), p.Licenses.Single(), p.GetMetadata("vendor") ?? "(none)"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Empty(result.Diagnostics);
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_ListFilesAndPurl_When_PackageHasEpoch()
    {
        var cache = await RpmDatabases.GetAsync();
        var expectedFiles = (await Run.ToolAsync("rpm", "--dbpath", RpmDatabases.SqliteDbPath(cache), "-ql", "hello-gantry"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var (result, _) = await Catalog.RunFilesAsync(Path.Combine(cache, "sqlite"), new RpmCataloger(), new Distro { Id = "rhel", VersionId = "9.3" });

        var package = Assert.Single(result.Packages, p => p.Name == "hello-gantry");
        Assert.Equal("2:1.2.3-4.el9", package.Version);
        Assert.Equal("pkg:rpm/rhel/hello-gantry@1.2.3-4.el9?arch=noarch&distro=rhel-9.3&epoch=2&upstream=hello-gantry-1.2.3-4.el9.src.rpm", package.Purl!.ToString());
        Assert.Equal(expectedFiles.Order(StringComparer.Ordinal), package.Files.Order(StringComparer.Ordinal));
        Assert.Contains("cpe:2.3:a:gantrytest:hello-gantry:1.2.3:*:*:*:*:*:*:*", package.Cpes);
        Assert.Equal("/var/lib/rpm/rpmdb.sqlite", package.Locations[0].Path);
    }

    [Theory]
    [InlineData("var/lib/rpm/rpmdb.sqlite")]
    [InlineData("var/lib/rpm/Packages")]
    [InlineData("usr/lib/sysimage/rpm/Packages.db")]
    public async Task Should_ReportDiagnostic_When_DatabaseIsGarbage(string path)
    {
        var root = Directory.CreateTempSubdirectory("gantry-rpm-garbage-").FullName;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            await File.WriteAllBytesAsync(Path.Combine(root, path), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

            var (result, _) = await Catalog.DirectoryAsync(root, new RpmCataloger());

            Assert.Empty(result.Packages);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticCodes.MalformedFile, diagnostic.Code);
            Assert.StartsWith("/" + path + ": ", diagnostic.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Should_RejectHeader_When_IndexPointsOutsideTheBlob()
    {
        byte[] blob = [0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0x03, 0xE8, 0, 0, 0, 6, 0, 0, 0x10, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 0];

        var error = Assert.Throws<InvalidDataException>(() => RpmHeaderParser.Parse(blob));

        Assert.Contains("outside the data store", error.Message, StringComparison.Ordinal);
    }
}
