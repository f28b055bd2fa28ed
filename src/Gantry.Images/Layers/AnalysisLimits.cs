namespace Gantry.Images.Layers;

/// <summary>Caps that keep memory bounded whatever an image claims.</summary>
public sealed record AnalysisLimits
{
    public static readonly AnalysisLimits Default = new();

    /// <summary>Largest single file buffered for a cataloger; bigger ones become a diagnostic (files read by extractors have no cap).</summary>
    public long MaxFileSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>Budget for all buffered files of one scan.</summary>
    public long MaxBufferedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Largest file an <see cref="FileSystem.IFileExtractor"/> reads from a pooled in-memory copy; a bigger one is spilled
    /// to a temporary file (deleted on close) and read back in small chunks, so extraction never holds more than this per
    /// layer read in parallel.
    /// </summary>
    public long ExtractInMemoryThreshold { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most entries indexed per layer; a layer with more is hostile.</summary>
    public int MaxEntriesPerLayer { get; init; } = 5_000_000;
}
