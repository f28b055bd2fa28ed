using Gantry.Core;
using Gantry.Engine.Caching;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Engine.Tests.Caching;

public sealed class CacheSettingsTests
{
    [Theory]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("500MB", 500L << 20)]
    [InlineData("64k", 64L << 10)]
    [InlineData("1.5 GiB", 3L << 29)]
    [InlineData("1048576", 1L << 20)]
    [InlineData("0", 0L)]
    public void Should_Parse_A_Size(string text, long bytes) => Assert.Equal(bytes, CacheSettings.ParseSize(text, "--cache-max-size"));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1GiB")]
    [InlineData("2PB")]
    [InlineData("99999999999999999TiB")]
    public void Should_Refuse_What_Is_Not_A_Size(string text)
    {
        var ex = Assert.Throws<InvalidInputException>(() => CacheSettings.ParseSize(text, "--cache-max-size"));
        Assert.StartsWith("--cache-max-size: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Use_The_Override_Then_Xdg_Cache_Home()
    {
        Assert.Equal("/x/cache", CacheSettings.DefaultDirectory(name => name == "GANTRY_CACHE_DIR" ? "/x/cache" : "/ignored"));
        Assert.Equal("/home/u/.xdg/gantry/layers", CacheSettings.DefaultDirectory(name => name == "XDG_CACHE_HOME" ? "/home/u/.xdg" : null));
        Assert.EndsWith("/.cache/gantry/layers", CacheSettings.DefaultDirectory(_ => null), StringComparison.Ordinal);
        Assert.Equal(CacheSettings.DefaultMaxBytes, CacheSettings.Resolve(_ => null, null).MaxBytes);
    }

    [Fact]
    public async Task Should_Scan_Without_The_Cache_When_Its_Folder_Cannot_Be_Written()
    {
        // Given: a file where the cache folder should be
        var folder = TestCache.NewFolder();
        try
        {
            var blocked = Path.Combine(folder, "file");
            File.WriteAllText(blocked, "not a folder");

            // When
            var cache = AnalysisCache.Open(new CacheSettings(Path.Combine(blocked, "layers"), CacheSettings.DefaultMaxBytes), null, out var warning);

            // Then: no cache, a one-line warning naming the folder, and a scan without a cache works
            Assert.Null(cache);
            Assert.Contains(Path.Combine(blocked, "layers"), warning, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', warning!);
            var image = new SyntheticImage().Layer(l => l.File("etc/os-release", "ID=alpine\n")).Build();
            var path = Path.Combine(folder, "image.tar");
            SyntheticImage.WriteDockerArchive(image, path);
            var sbom = await new SbomGenerator().GenerateAsync("docker-archive:" + path, new SbomOptions { Cache = cache }, null, CancellationToken.None);
            Assert.Single(sbom.Source.Layers);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
