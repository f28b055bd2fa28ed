using Gantry.Core;
using Gantry.Engine.Caching;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Native;
using Gantry.Formats.Spdx;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Engine.Tests.Caching;

/// <summary>
/// The SBOM of every real image fixture is the same with and without the per-layer cache, cold and warm: native JSON,
/// CycloneDX and SPDX, byte for byte (the documents' timestamps are fixed here).
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed class LayerCacheSbomTests : IDisposable
{
    private static readonly DateTimeOffset Timestamp = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _cacheFolder = TestCache.NewFolder();

    public void Dispose() => Directory.Delete(_cacheFolder, recursive: true);

    public static TheoryData<string, string, SbomScope> Fixtures() => new()
    {
        { "debian", "docker-archive", SbomScope.Squashed },
        { "debian", "oci-archive", SbomScope.Squashed },
        { "debian", "oci-dir", SbomScope.Squashed },
        { "app", "oci-archive", SbomScope.Squashed },
        { "app", "oci-archive", SbomScope.AllLayers },
        { "app", "oci-dir", SbomScope.Squashed },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Should_Write_The_Same_Sbom_With_And_Without_The_Cache(string fixture, string kind, SbomScope scope)
    {
        // Given
        var source = await SourceAsync(fixture, kind);
        var generator = new SbomGenerator();
        var cache = AnalysisCache.Open(new CacheSettings(_cacheFolder, CacheSettings.DefaultMaxBytes), null, out var warning);
        Assert.Null(warning);

        // When: without the cache, then with it cold (filling it), then warm (reading it)
        var without = await generator.GenerateAsync(source, new SbomOptions { Scope = scope }, null, CancellationToken.None);
        var cold = await generator.GenerateAsync(source, new SbomOptions { Scope = scope, Cache = cache }, null, CancellationToken.None);
        var layers = without.Source.Layers.Count;
        Assert.Equal(layers, cache!.Stored);
        var warm = await generator.GenerateAsync(source, new SbomOptions { Scope = scope, Cache = cache }, null, CancellationToken.None);

        // Then
        Assert.Equal(layers, cache.Hits);
        Assert.Equal(0, cache.Rejected);
        var expected = Documents(without);
        Assert.Equal(expected, Documents(cold));
        Assert.Equal(expected, Documents(warm));
    }

    [Fact]
    public async Task Should_Write_The_Same_Sbom_For_A_Derived_Image_With_The_Base_Image_Cached()
    {
        // Given: the application image plus one small layer (bench/derive-image.py), after the application image alone
        // filled the cache: its layers, the catalogers' run over them and the secret scan's results per layer
        var app = await RealAppImage.GetAsync();
        var derived = Path.Combine(_cacheFolder, "derived");
        await DeriveAsync(Path.Combine(app.Directory, "oci"), derived);
        var generator = new SbomGenerator();
        var cache = AnalysisCache.Open(new CacheSettings(Path.Combine(_cacheFolder, "layers"), CacheSettings.DefaultMaxBytes), null, out _)!;
        await generator.GenerateAsync("oci-dir:" + Path.Combine(app.Directory, "oci"), new SbomOptions { Cache = cache }, null, CancellationToken.None);
        var kept = cache.ResultsStored;

        // When
        var without = await generator.GenerateAsync("oci-dir:" + derived, new SbomOptions(), null, CancellationToken.None);
        var warm = await generator.GenerateAsync("oci-dir:" + derived, new SbomOptions { Cache = cache }, null, CancellationToken.None);

        // Then: every base layer and its secret results were read, the catalogers' run reused (only the new layer's
        // secret results were written), and the documents are the same
        Assert.Equal(without.Source.Layers.Count - 1, cache.Hits);
        Assert.Equal(without.Source.Layers.Count, cache.ResultHits);
        Assert.Equal(kept + 1, cache.ResultsStored);
        Assert.Equal(Documents(without), Documents(warm));
    }

    private static async Task DeriveAsync(string layout, string output)
    {
        var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(SharedPaths.RepositoryRoot, "bench", "derive-image.py"), layout, output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
    }

    private static async Task<string> SourceAsync(string fixture, string kind)
    {
        if (fixture == "debian")
        {
            var debian = await RealDebianImage.GetAsync();
            return kind switch
            {
                "docker-archive" => "docker-archive:" + debian.DockerArchive,
                "oci-archive" => "oci-archive:" + debian.OciArchive,
                _ => "oci-dir:" + debian.OciLayout,
            };
        }

        var app = await RealAppImage.GetAsync();
        return kind == "oci-archive" ? "oci-archive:" + app.OciArchive : "oci-dir:" + Path.Combine(app.Directory, "oci");
    }

    private static (string Native, string CycloneDx, string Spdx) Documents(Sbom sbom)
    {
        using var native = new MemoryStream();
        using var cyclonedx = new MemoryStream();
        using var spdx = new MemoryStream();
        NativeSbomWriter.Write(sbom, native);
        CycloneDxWriter.Write(sbom, null, cyclonedx, Timestamp);
        SpdxWriter.Write(sbom, spdx, Timestamp);
        return (Convert.ToHexString(native.ToArray()), Convert.ToHexString(cyclonedx.ToArray()), Convert.ToHexString(spdx.ToArray()));
    }
}
