using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers;

/// <summary>Progress of the layer walk: a layer finished, with its uncompressed size.</summary>
public sealed record LayerProgress(int LayerIndex, int LayerCount, long UncompressedBytes);

/// <summary>
/// Streams every layer of an image exactly once, in parallel up to the processor count, and squashes
/// the results into a <see cref="FileSystemView"/>. Nothing is written to disk.
/// </summary>
public static class LayerWalker
{
    public static Task<FileSystemView> WalkAsync(ContainerImage image, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        IProgress<LayerProgress>? progress, CancellationToken cancellationToken) =>
        WalkAsync(image, requestedGlobs, limits, progress, [], cancellationToken);

    /// <param name="extractors">Read the files matching their globs once as they stream past (see <see cref="IFileExtractor"/>).</param>
    public static async Task<FileSystemView> WalkAsync(ContainerImage image, IEnumerable<string> requestedGlobs, AnalysisLimits limits,
        IProgress<LayerProgress>? progress, IEnumerable<IFileExtractor> extractors, CancellationToken cancellationToken)
    {
        var requests = new PathRequestSet(requestedGlobs);
        var extractorSet = new ExtractorSet(extractors);
        var budget = new BufferBudget(limits.MaxBufferedBytes);
        var results = new LayerIndex[image.Layers.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(image.Layers, options, async (layer, ct) =>
        {
            var stream = await image.OpenLayerAsync(layer, ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                results[layer.Index] = await TarLayerReader.ReadAsync(stream, layer.Index, layer.DiffId.ToString(), requests, limits, budget, extractorSet, ct).ConfigureAwait(false);
            }

            progress?.Report(new LayerProgress(layer.Index, image.Layers.Count, results[layer.Index].UncompressedSize));
        }).ConfigureAwait(false);
        return new FileSystemView(results);
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
