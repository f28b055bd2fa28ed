using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers;

/// <summary>
/// Everything one layer contributes: its entries (last one wins for a duplicated path), its
/// whiteouts and opaque folders, and the contents of requested files. Layers are indexed
/// independently (and in parallel), then squashed in order by <see cref="FileSystemView"/>.
/// </summary>
public sealed class LayerIndex
{
    internal LayerIndex(int index, string diffId)
    {
        Index = index;
        DiffId = diffId;
    }

    public int Index { get; }

    /// <summary>The layer's diffID; empty for a <c>dir:</c> source.</summary>
    public string DiffId { get; }

    public Dictionary<string, FileNode> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths hidden by <c>.wh.NAME</c> entries.</summary>
    public HashSet<string> Whiteouts { get; } = new(StringComparer.Ordinal);

    /// <summary>Folders marked opaque by <c>.wh..wh..opq</c>: lower layers' contents are hidden.</summary>
    public HashSet<string> OpaqueDirectories { get; } = new(StringComparer.Ordinal);

    /// <summary>Contents of the requested regular files of this layer.</summary>
    public Dictionary<string, byte[]> Contents { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What file extractors read from the files they match (executables, too big to buffer), as they streamed past:
    /// opaque bytes per extractor and path, under <see cref="FileExtracts.Key"/>. A hard link gets its target's.
    /// </summary>
    public Dictionary<string, byte[]> Extracts { get; } = new(StringComparer.Ordinal);

    public List<Diagnostic> Diagnostics { get; } = [];

    public long UncompressedSize { get; internal set; }

    /// <summary>A requested file was skipped because the scan's shared buffer budget was spent: the index depends on the other layers, so it is not cached.</summary>
    internal bool BudgetSpent { get; set; }
}
