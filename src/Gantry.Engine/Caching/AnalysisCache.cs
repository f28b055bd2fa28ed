using Gantry.Images.Layers.Cache;

namespace Gantry.Engine.Caching;

/// <summary>
/// The per-layer analysis cache a scan uses (<see cref="SbomOptions.Cache"/>): layer indexes keyed by the layer blob's
/// digest, Gantry's analyzer version and what the scan asks of each layer (docs/cache.md). Its counters let a host
/// or a test see what the cache did.
/// </summary>
public sealed class AnalysisCache
{
    private AnalysisCache(LayerCache layers) => Layers = layers;

    public string Directory => Layers.Directory;

    public long MaxBytes => Layers.MaxBytes;

    /// <summary>Layers whose cached analysis was used (after their blob was hashed and verified).</summary>
    public long Hits => Layers.Hits;

    /// <summary>Layers that had no entry.</summary>
    public long Misses => Layers.Misses;

    /// <summary>Entries found damaged or not matching the layer: deleted, the layer analyzed again.</summary>
    public long Rejected => Layers.Rejected;

    /// <summary>Layer entries written.</summary>
    public long Stored => Layers.Stored;

    /// <summary>Kept results read intact: the catalogers' run over a chain of layers, a layer's secret scan results.</summary>
    public long ResultHits => Layers.ResultHits;

    /// <summary>Kept results written.</summary>
    public long ResultsStored => Layers.ResultStored;

    internal LayerCache Layers { get; }

    /// <summary>
    /// The cache at <paramref name="settings"/>, its folder created; null with a one-line <paramref name="warning"/> when
    /// the folder cannot be written (the scan then runs without a cache: a cache never fails a scan).
    /// </summary>
    public static AnalysisCache? Open(CacheSettings settings, TimeProvider? clock, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var layers = LayerCache.TryOpen(settings.Directory, settings.MaxBytes, clock, out warning);
        return layers is null ? null : new AnalysisCache(layers);
    }

    public CacheStatus Status() => Convert(Layers.GetStatus());

    /// <summary>Removes every entry; the result counts what was removed.</summary>
    public CacheStatus Clean() => Convert(Layers.Clean());

    private static CacheStatus Convert(LayerCacheStatus status) => new(status.Directory, status.Entries, status.TotalBytes, status.MaxBytes);
}
