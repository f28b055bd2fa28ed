using System.Diagnostics.CodeAnalysis;

namespace Gantry.Images.FileSystem;

/// <summary>
/// Reads a few facts out of files too big to keep (executables, shared libraries) while the layer walk streams them
/// past, so that a scan's memory does not grow with the size of the image's binaries. An extractor registers the globs
/// of the files it reads (<see cref="PathRequestSet"/> syntax, <c>exec:</c> prefix included); each matching regular
/// file is given to <see cref="Extract"/> once, and the small opaque bytes it returns are kept in the layer
/// (<see cref="Layers.LayerIndex.Extracts"/>) under <see cref="FileExtracts.Key"/>, for a cataloger to read through
/// <see cref="IFileResolver.TryReadExtract"/>. The file itself is not buffered for it.
/// </summary>
/// <remarks>
/// <para>
/// Why a random-access view and not a stream: ELF keeps its section table at the end of the file, a section
/// (<c>.dep-v0</c>) can be anywhere, and pre-1.18 Go build info points at strings elsewhere in the file, so the
/// readers need to seek. The walk gives them a <see cref="FileExtractSource"/>: a file up to
/// <see cref="Layers.AnalysisLimits.ExtractInMemoryThreshold"/> is read into pooled 1 MiB chunks (returned after), a bigger
/// one is spilled to a temporary file deleted on close and read back in small chunks, so memory stays bounded by the
/// threshold whatever the file's size. An extractor that only searches the bytes front to back says so with
/// <see cref="NeedsRandomAccess"/> = false: when it is the only one reading a file, it reads the layer's stream
/// directly (forward only) and nothing is copied or spilled.
/// </para>
/// <para>
/// A malformed file must not stop the walk: an extractor returns facts saying what was wrong (so that its cataloger can
/// report it only when that version of the file survives in the squashed view), or throws an exception that
/// <see cref="Core.FileErrors.IsBadInput"/> accepts, which the walk turns into a <c>malformed-file</c> diagnostic
/// naming the file. Extractors run on several layers at once: they must be thread-safe (stateless).
/// </para>
/// </remarks>
public interface IFileExtractor
{
    /// <summary>Stable name, part of every extract's key (e.g. <c>go-build-info</c>).</summary>
    string Name { get; }

    /// <summary>Paths and globs of the files this extractor reads (<c>exec:</c> globs match executables only).</summary>
    IReadOnlyList<string> Globs { get; }

    /// <summary>False when <see cref="Extract"/> reads the source only front to back (offsets never go back).</summary>
    bool NeedsRandomAccess => true;

    /// <summary>The facts read from the file (deterministic, small), or null when it holds nothing of interest.</summary>
    byte[]? Extract(FileExtractSource source);
}

/// <summary>Keys of <see cref="Layers.LayerIndex.Extracts"/>: one extractor's facts about one path.</summary>
public static class FileExtracts
{
    private const char Separator = '\0';
    private const int MaxStackKey = 1024;

    /// <summary>The key of <paramref name="extractor"/>'s facts about the file at <paramref name="path"/>.</summary>
    public static string Key(string extractor, string path)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(path);
        return string.Concat(extractor, Separator.ToString(), path);
    }

    /// <summary>
    /// <paramref name="extractor"/>'s facts about <paramref name="path"/> in <paramref name="extracts"/> (keyed by
    /// <see cref="Key"/>), looked up without making the key: lookups far outnumber the extracts.
    /// </summary>
    public static bool TryGet(Dictionary<string, byte[]> extracts, string extractor, string path, [NotNullWhen(true)] out byte[]? facts)
    {
        ArgumentNullException.ThrowIfNull(extracts);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(path);
        var length = extractor.Length + 1 + path.Length;
        if (length > MaxStackKey)
        {
            return extracts.TryGetValue(Key(extractor, path), out facts);
        }

        Span<char> key = stackalloc char[length];
        extractor.CopyTo(key);
        key[extractor.Length] = Separator;
        path.CopyTo(key[(extractor.Length + 1)..]);
        return extracts.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out facts);
    }

    /// <summary>The extractor and the path of a key made by <see cref="Key"/>.</summary>
    public static (string Extractor, string Path) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? (string.Empty, key) : (key[..at], key[(at + 1)..]);
    }
}
