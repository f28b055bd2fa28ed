using Gantry.Cataloging;
using Gantry.Engine.Stored;
using Gantry.Images.FileSystem;
using Gantry.TestKit.Images;

namespace Gantry.Engine.Tests.Stored;

/// <summary>A stored analysis keeps what the extractors read, so catalogers over its restored view find the same packages.</summary>
public sealed class StoredExtractsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gantry-stored-extracts-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Should_FindTheGoModules_When_TheRestoredSnapshotIsCataloged()
    {
        var binary = SyntheticElf.Build([(".go.buildinfo", SyntheticElf.GoBuildInfo("go1.22.1", "path\texample.com/s\nmod\texample.com/s\tv1.0.0\t\ndep\tgithub.com/a/b\tv0.1.0\th1:x=\n"))]);
        var image = new SyntheticImage().Layer(l => l.File("usr/local/bin/s", binary, (UnixFileMode)0x1ED).HardLink("usr/local/bin/t", "usr/local/bin/s")).Build();
        SyntheticImage.WriteOciLayout(image, Path.Combine(_work, "image"));
        var analysis = await new GantryEngine().Sbom.AnalyzeAsync("oci-dir:" + Path.Combine(_work, "image"), SbomOptions.Default, [], null, CancellationToken.None);
        var folder = Directory.CreateDirectory(Path.Combine(_work, "stored")).FullName;
        new StoredAnalysis(analysis.Sbom, FileSystemSnapshot.Capture(analysis.Files), "{}"u8.ToArray(), "{}"u8.ToArray()).WriteTo(folder);

        var restored = StoredAnalysis.ReadFrom(folder, "app").Files.Restore();
        var go = CatalogerRegistry.CreateDefault().Single(c => c.Name == "go-module-binary-cataloger");
        var result = await go.CatalogAsync(new CatalogContext(restored, null), CancellationToken.None);

        var expected = analysis.Sbom.Packages.Where(p => p.FoundBy == go.Name).Select(p => $"{p.Name}@{p.Version} {p.Locations[0].Path}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, result.Packages.Select(p => $"{p.Name}@{p.Version} {p.Locations[0].Path}").Order(StringComparer.Ordinal));
    }
}
