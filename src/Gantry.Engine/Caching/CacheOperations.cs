using Gantry.Images.Layers.Cache;

namespace Gantry.Engine.Caching;

/// <summary><c>cache status|clean</c>: what the per-layer analysis cache at a folder holds, and emptying it.</summary>
public sealed class CacheOperations(TimeProvider clock)
{
    /// <summary>Opens the cache for scans; null and a warning when its folder is not writable.</summary>
    public AnalysisCache? Open(CacheSettings settings, out string? warning) => AnalysisCache.Open(settings, clock, out warning);

    /// <summary>What the cache holds; a folder that does not exist yet holds nothing (it is not created).</summary>
    public CacheStatus Status(CacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var status = new LayerCache(settings.Directory, settings.MaxBytes, clock).GetStatus();
        return new CacheStatus(status.Directory, status.Entries, status.TotalBytes, status.MaxBytes);
    }

    /// <summary>Removes every entry; the result counts what was removed.</summary>
    public CacheStatus Clean(CacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var removed = new LayerCache(settings.Directory, settings.MaxBytes, clock).Clean();
        return new CacheStatus(removed.Directory, removed.Entries, removed.TotalBytes, removed.MaxBytes);
    }
}
