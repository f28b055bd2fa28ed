using Gantry.Cataloging.Golang;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Core;
using Gantry.TestKit.Traits;

namespace Gantry.Cataloging.Tests.Golang;

public sealed class GoBinaryCatalogerTests
{
    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_ListWhatGoVersionMShows_When_BinaryWasBuiltInModuleMode()
    {
        var cache = await GoModuleBinary.GetAsync();
        var binary = Path.Combine(cache, "root/app/bin/gantry-hello");
        // `go version -m` prints "\tmod\tPATH\tVERSION\t..." and "\tdep\tPATH\tVERSION\t..." lines.
        var expected = (await Run.ToolAsync("go", "version", "-m", binary)).Split('\n')
            .Select(l => l.Trim().Split('\t'))
            .Where(f => f[0] is "mod" or "dep")
            .Select(f => $"{f[1]}@{f[2]}")
            .Append("stdlib@" + (await Run.ToolAsync("go", "env", "GOVERSION")).Trim())
            .Order(StringComparer.Ordinal)
            .ToList();

        var (result, _) = await Catalog.DirectoryAsync(Path.Combine(cache, "root"), new GoBinaryCataloger());

        Assert.Equal(expected, result.Packages.Select(p => $"{p.Name}@{p.Version}").Order(StringComparer.Ordinal));
        var greeter = Assert.Single(result.Packages, p => p.Name == "example.com/greeter");
        var main = Assert.Single(result.Packages, p => p.Name == "example.com/hello");
        Assert.Equal("pkg:golang/example.com/greeter@v1.4.0", greeter.Purl!.ToString());
        Assert.Equal("/app/bin/gantry-hello", greeter.Locations[0].Path);
        Assert.Contains(new Relationship(greeter.Id, main.Id, Relationship.DependencyOf), result.Relationships);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Should_KeepModuleIdentity_When_ReplacedByLocalFolder()
    {
        var info = GoBuildInfoReader.Parse("go1.22.1", "path\texample.com/x\nmod\texample.com/x\t(devel)\t\ndep\tgithub.com/a/b\tv1.0.0\th1:abc=\n=>\t../b\t(devel)\t\ndep\tgithub.com/c/d\tv1.0.0\th1:x=\n=>\tgithub.com/fork/d\tv1.0.1\th1:y=\nbuild\tGOARCH=arm64\n");

        Assert.Equal(["github.com/a/b@v1.0.0", "github.com/fork/d@v1.0.1"], info.Dependencies.Select(d => $"{d.Path}@{d.Version}"));
        Assert.Equal("arm64", info.Settings["GOARCH"]);
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_ReportDiagnostic_When_BuildInfoIsTruncated()
    {
        var root = Directory.CreateTempSubdirectory("gantry-go-truncated-").FullName;
        try
        {
            var cache = await GoModuleBinary.GetAsync();
            var bytes = await File.ReadAllBytesAsync(Path.Combine(cache, "root/app/bin/gantry-hello"));
            var at = bytes.AsSpan().IndexOf((byte[])[0xFF, .. " Go buildinf:"u8]);
            bytes.AsSpan(at + 32, 32).Fill(0xFF); // a version length varint that never ends
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            var path = Path.Combine(root, "bin/broken");
            await File.WriteAllBytesAsync(path, bytes);
            await Run.ToolAsync("chmod", "755", path);

            var (result, _) = await Catalog.DirectoryAsync(root, new GoBinaryCataloger());

            Assert.Empty(result.Packages);
            Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.MalformedFile && d.Path == "/bin/broken");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
