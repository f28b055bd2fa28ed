using Gantry.Images.FileSystem;
using Gantry.Images.Layers.Cache;

namespace Gantry.Images.Layers;

/// <summary>Progress of the layer walk: a layer finished, with its uncompressed size.</summary>
public sealed record LayerProgress(int LayerIndex, int LayerCount, long UncompressedBytes);

/// <summary>
/// Streams every layer of an image exactly once, in parallel up to the processor count, and squashes
/// the results into a <see cref="FileSystemView"/>. Nothing of the image is written to disk; a layer's index may be,
/// to the layer cache.
/// </summary>
public static class LayerWalker
{
    /// <param name="extractors">Read the files matching their globs once as they stream past (see <see cref="IFileExtractor"/>).</param>
    /// <param name="cache">
    /// The per-layer analysis cache, or null. A cached layer's blob is still hashed (and refused on a mismatch) before its
    /// entry is used; a walked layer is stored only once it was read to the end and verified.
    /// </param>
    public static async Task<FileSystemView> WalkAsync(ContainerImage image, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        IProgress<LayerProgress>? progress, IEnumerable<IFileExtractor> extractors, LayerCache? cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var globs = requestedGlobs.ToList();
        var requests = new PathRequestSet(globs);
        var extractorSet = new ExtractorSet(extractors);
        var fingerprint = cache is null ? null : CacheFingerprint(globs, limits, extractorSet);

        var budget = new BufferBudget(limits.MaxBufferedBytes);
        var results = new LayerIndex[image.Layers.Count];
        var keys = image.Layers.Select(layer => fingerprint is null ? null : LayerCache.KeyFor(layer, fingerprint)).ToArray();

        // Layers with an entry: every blob is hashed at once (I/O and SHA-256 only), each entry read beside its hash.
        var hasEntry = keys.Select(key => key is not null && cache!.Contains(key)).ToArray();
        var cachedReads = image.Layers.Where(layer => hasEntry[layer.Index])
            .Select(layer => Task.Run(async () =>
            {
                if (await ReadCachedAsync(image, layer, cache!, keys[layer.Index]!, limits, budget, cancellationToken).ConfigureAwait(false) is { } cached)
                {
                    results[layer.Index] = cached;
                    progress?.Report(new LayerProgress(layer.Index, image.Layers.Count, cached.UncompressedSize));
                }
            }, cancellationToken)).ToList();
        var uncached = image.Layers.Where(layer => !hasEntry[layer.Index]).ToList();
        foreach (var _ in uncached.Where(layer => keys[layer.Index] is not null))
        {
            cache!.CountMiss();
        }

        await Task.WhenAll([.. cachedReads, WalkLayersAsync(uncached)]).ConfigureAwait(false);

        // An entry found damaged (or over the budget) is rebuilt by walking its layer.
        await WalkLayersAsync(image.Layers.Where(layer => results[layer.Index] is null).ToList()).ConfigureAwait(false);
        return new FileSystemView(results);

        Task WalkLayersAsync(List<ImageLayer> layers)
        {
            if (layers.Count == 0)
            {
                return Task.CompletedTask;
            }

            var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            return Parallel.ForEachAsync(layers, options, async (layer, ct) =>
            {
                var stream = await image.OpenLayerAsync(layer, ct).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    results[layer.Index] = await TarLayerReader.ReadAsync(stream, layer.Index, layer.DiffId.ToString(), requests, limits, budget, extractorSet, ct)
                        .ConfigureAwait(false);
                }

                if (keys[layer.Index] is { } key && !results[layer.Index].BudgetSpent)
                {
                    cache!.Store(key, results[layer.Index]);
                }

                progress?.Report(new LayerProgress(layer.Index, image.Layers.Count, results[layer.Index].UncompressedSize));
            });
        }
    }

    /// <summary>
    /// What a layer's cached index depends on besides its bytes: the requested globs, the limits and the extractors. Results
    /// computed from cached layers (<see cref="LayerCache.ResultKeyFor"/>) are keyed by it too.
    /// </summary>
    public static LayerCacheFingerprint CacheFingerprint(IEnumerable<string> requestedGlobs, AnalysisLimits limits, IEnumerable<IFileExtractor> extractors) =>
        CacheFingerprint(requestedGlobs, limits, new ExtractorSet(extractors));

    private static LayerCacheFingerprint CacheFingerprint(IEnumerable<string> requestedGlobs, AnalysisLimits limits, ExtractorSet extractors)
    {
        var fingerprint = LayerCacheFingerprint.For(requestedGlobs, limits);
        return extractors.Fingerprint.Length > 0 ? fingerprint.With("extractors", extractors.Fingerprint) : fingerprint;
    }

    /// <summary>
    /// The layer's cached index, read while its blob is hashed (the hash decides: a mismatch throws, cache or not), or
    /// null when there is no usable entry.
    /// </summary>
    private static async Task<LayerIndex?> ReadCachedAsync(ContainerImage image, ImageLayer layer, LayerCache cache, string key, AnalysisLimits limits,
        BufferBudget budget, CancellationToken cancellationToken)
    {
        var verified = image.VerifyLayerBlobAsync(layer, cancellationToken);
        var cached = await Task.Run(() => cache.TryGet(key, layer.DiffId.ToString(), layer.Index, limits), cancellationToken).ConfigureAwait(false);
        await verified.ConfigureAwait(false);
        if (cached is null || !budget.TryReserve(cached.Contents.Values.Sum(c => (long)c.Length)))
        {
            return null;
        }

        cache.CountHit();
        return cached;
    }

    /// <summary>Indexes a root file system folder as a single layer.</summary>
    public static Task<FileSystemView> WalkDirectoryAsync(string root, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        CancellationToken cancellationToken) =>
        WalkDirectoryAsync(root, requestedGlobs, limits, [], cancellationToken);

    /// <summary>Indexes a root file system folder as a single layer, running <paramref name="extractors"/> over the files they read.</summary>
    public static async Task<FileSystemView> WalkDirectoryAsync(string root, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        IEnumerable<IFileExtractor> extractors, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            throw new Core.InvalidInputException($"dir:{root}: folder not found");
        }

        var layer = await DirectoryLayerReader.ReadAsync(root, new PathRequestSet(requestedGlobs), limits, new BufferBudget(limits.MaxBufferedBytes),
            new ExtractorSet(extractors), cancellationToken).ConfigureAwait(false);
        return new FileSystemView([layer]);
    }
}
