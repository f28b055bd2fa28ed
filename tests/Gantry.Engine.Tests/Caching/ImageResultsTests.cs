using Gantry.Core;
using Gantry.Engine.Caching;
using Gantry.Formats.Native;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Engine.Tests.Caching;

/// <summary>
/// The results kept beside the layer indexes: the catalogers' run over a chain of layers, reused only when the layers
/// above change nothing the catalogers read, and the secret scan's results per layer; a damaged one is rebuilt.
/// </summary>
public sealed class ImageResultsTests : IDisposable
{
    private readonly string _root = TestCache.NewFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SyntheticImage Base() => new SyntheticImage()
        .Layer(l => l.File("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n").File("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n"))
        .Layer(l => l.File("app/package.json", """{"name": "tool", "version": "1.0.0"}""").File("app/.env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"));

    private string Write(SyntheticImage image, string name)
    {
        var path = Path.Combine(_root, name + ".tar");
        SyntheticImage.WriteOciArchive(image.Build(), path);
        return "oci-archive:" + path;
    }

    private AnalysisCache OpenCache() => AnalysisCache.Open(new CacheSettings(Path.Combine(_root, "cache"), CacheSettings.DefaultMaxBytes), null, out _)!;

    private static async Task<Sbom> ScanAsync(string image, AnalysisCache? cache) =>
        await new SbomGenerator().GenerateAsync(image, new SbomOptions { Cache = cache }, null, CancellationToken.None);

    private static string Native(Sbom sbom)
    {
        using var output = new MemoryStream();
        NativeSbomWriter.Write(sbom, output);
        return Convert.ToHexString(output.ToArray());
    }

    [Fact]
    public async Task Should_Reuse_The_Base_Images_Run_For_A_Layer_That_Adds_An_Unread_File()
    {
        // Given
        var cache = OpenCache();
        await ScanAsync(Write(Base(), "base"), cache);
        var derived = Write(Base().Layer(l => l.File("srv/notes.md", "nothing to catalog")), "derived");
        var stored = cache.ResultsStored;

        // When
        var warm = await ScanAsync(derived, cache);

        // Then: 2 secret results and the catalogers' run were read, and the run reused: only the new layer's secret
        // results were written; the same document as without the cache
        Assert.Equal(3, cache.ResultHits);
        Assert.Equal(stored + 1, cache.ResultsStored);
        Assert.Equal(Native(await ScanAsync(derived, null)), Native(warm));
    }

    [Fact]
    public async Task Should_Run_The_Catalogers_Again_When_An_Upper_Layer_Changes_A_File_They_Read()
    {
        // Given
        var cache = OpenCache();
        await ScanAsync(Write(Base(), "base"), cache);
        var derived = Write(Base().Layer(l => l.File("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:zlib\nV:1.3.1-r0\nA:x86_64\n")), "derived");
        var stored = cache.ResultsStored;

        // When
        var warm = await ScanAsync(derived, cache);

        // Then: the base image's run was read but not reused: the catalogers ran and their run over the three layers was
        // written (besides the new layer's secret results); the new package is there
        Assert.Equal(stored + 2, cache.ResultsStored);
        Assert.Contains(warm.Packages, p => p.Name == "zlib");
        Assert.Equal(Native(await ScanAsync(derived, null)), Native(warm));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public async Task Should_Ignore_And_Rebuild_A_Damaged_Result(string damage)
    {
        // Given: every entry of a scanned image damaged, layers and results alike
        var image = Write(Base(), "base");
        var cache = OpenCache();
        var expected = Native(await ScanAsync(image, cache));
        foreach (var entry in Directory.GetFiles(cache.Directory, "*.layer"))
        {
            var bytes = File.ReadAllBytes(entry);
            if (damage == "truncated")
            {
                File.WriteAllBytes(entry, bytes[..(bytes.Length - 3)]);
            }
            else
            {
                bytes[^2] ^= 0x40;
                File.WriteAllBytes(entry, bytes);
            }
        }

        // When
        var again = OpenCache();
        var rebuilt = Native(await ScanAsync(image, again));
        var reread = OpenCache();
        var warm = Native(await ScanAsync(image, reread));

        // Then: nothing damaged was used; everything was written again and reads back whole
        Assert.Equal(expected, rebuilt);
        Assert.Equal(0, again.ResultHits);
        Assert.Equal(3, again.ResultsStored);
        Assert.Equal(expected, warm);
        Assert.Equal(3, reread.ResultHits);
    }
}
