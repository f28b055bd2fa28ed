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
    /// The per-layer analysis cache, or null. A cached layer's blob is still hashed, and refused on a mismatch, before
    /// anything made from its entry is returned; a walked layer is stored only once it was read to the end and verified.
    /// </param>
    public static Task<FileSystemView> WalkAsync(ContainerImage image, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        IProgress<LayerProgress>? progress, IEnumerable<IFileExtractor> extractors, LayerCache? cache, CancellationToken cancellationToken) =>
        WalkAsync(image, requestedGlobs, limits, progress, extractors, cache, (view, _) => Task.FromResult(view), cancellationToken);

    /// <summary>
    /// Walks the image as above and hands the view to <paramref name="use"/> while the blobs of cached layers may still be
    /// hashing: what <paramref name="use"/> computes is returned only once every blob matched its digest; a mismatch is
    /// thrown instead, whatever <paramref name="use"/> computed, and cancels it. A warm scan so works while it verifies.
    /// </summary>
    public static async Task<T> WalkAsync<T>(ContainerImage image, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        IProgress<LayerProgress>? progress, IEnumerable<IFileExtractor> extractors, LayerCache? cache, Func<FileSystemView, CancellationToken, Task<T>> use,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(use);
        var globs = requestedGlobs.ToList();
        var extractorList = extractors.ToList();
        var fingerprint = cache is null ? null : CacheFingerprint(globs, limits, extractorList);

        var budget = new BufferBudget(limits.MaxBufferedBytes);
        var results = new LayerIndex[image.Layers.Count];
        var fromCache = new bool[image.Layers.Count];
        var keys = image.Layers.Select(layer => fingerprint is null ? null : LayerCache.KeyFor(layer, fingerprint)).ToArray();

        // Layers with an entry: their blobs are hashed on threads of their own (I/O and SHA-256 only) while the entries are
        // read and the rest is walked; the hashes are awaited only before the result is handed back.
        using var verifying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hasEntry = keys.Select(key => key is not null && cache!.Contains(key)).ToArray();
        var verification = image.VerifyLayerBlobsAsync([.. image.Layers.Where(layer => hasEntry[layer.Index])], verifying.Token);
        var cachedReads = image.Layers.Where(layer => hasEntry[layer.Index])
            .Select(layer => Task.Run(() =>
            {
                if (ReadCached(layer, cache!, keys[layer.Index]!, limits, budget) is { } cached)
                {
                    results[layer.Index] = cached;
                    fromCache[layer.Index] = true;
                    progress?.Report(new LayerProgress(layer.Index, image.Layers.Count, cached.UncompressedSize));
                }
            }, cancellationToken)).ToList();
        var uncached = image.Layers.Where(layer => !hasEntry[layer.Index]).ToList();
        foreach (var _ in uncached.Where(layer => keys[layer.Index] is not null))
        {
            cache!.CountMiss();
        }

        PathRequestSet requests;
        ExtractorSet extractorSet;
        Task<T>? used = null;
        try
        {
            // Built while the cached blobs hash: the globs become regular expressions, which takes a while the first time.
            requests = new PathRequestSet(globs);
            extractorSet = new ExtractorSet(extractorList);
            await Task.WhenAll([.. cachedReads, WalkLayersAsync(uncached)]).ConfigureAwait(false);

            // An entry found damaged (or over the budget) is rebuilt by walking its layer.
            await WalkLayersAsync(image.Layers.Where(layer => results[layer.Index] is null).ToList()).ConfigureAwait(false);
            used = use(new FileSystemView(results), verifying.Token);
            await verification.ConfigureAwait(false);
            foreach (var _ in fromCache.Where(hit => hit))
            {
                cache!.CountHit();
            }

            return await used.ConfigureAwait(false);
        }
        finally
        {
            // Nothing outlives the walk: after a failure the rest is cancelled and waited for, and only the first failure
            // (a digest mismatch before what was computed meanwhile) is thrown.
            await verifying.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll([verification, .. cachedReads, used ?? Task.CompletedTask]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

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
    public static LayerCacheFingerprint CacheFingerprint(IEnumerable<string> requestedGlobs, AnalysisLimits limits, IEnumerable<IFileExtractor> extractors)
    {
        var fingerprint = LayerCacheFingerprint.For(requestedGlobs, limits);
        var ofExtractors = ExtractorSet.FingerprintOf(extractors);
        return ofExtractors.Length > 0 ? fingerprint.With("extractors", ofExtractors) : fingerprint;
    }

    /// <summary>The layer's cached index, or null when there is no usable entry (damaged, or over the buffering budget).</summary>
    private static LayerIndex? ReadCached(ImageLayer layer, LayerCache cache, string key, AnalysisLimits limits, BufferBudget budget) =>
        cache.TryGet(key, layer.DiffId.ToString(), layer.Index, limits) is { } cached && budget.TryReserve(cached.Contents.Values.Sum(c => (long)c.Length))
            ? cached
            : null;

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
