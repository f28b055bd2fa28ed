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
