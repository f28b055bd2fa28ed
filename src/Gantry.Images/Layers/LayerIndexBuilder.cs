using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers;

/// <summary>
/// Turns a stream of raw entries (from a tar layer or a folder) into a <see cref="LayerIndex"/>:
/// normalizes and checks paths, records whiteouts, and buffers requested files within the limits.
/// </summary>
internal sealed class LayerIndexBuilder(LayerIndex layer, PathRequestSet requests, AnalysisLimits limits, BufferBudget budget)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    public LayerIndex Layer => layer;

    /// <summary>Adds one entry; returns the path to buffer when the entry is a requested file that fits, else null.</summary>
    public string? Add(string rawName, FileKind kind, long size, int mode, int uid, int gid, string? linkTarget)
    {
        var path = ImagePath.NormalizeEntry(rawName);
        if (path is null)
        {
            Diagnose(DiagnosticCodes.UnsafePath, $"entry '{rawName}' climbs above the image root; ignored", rawName);
            return null;
        }

        if (path == ImagePath.Root)
        {
            return null;
        }

        var name = ImagePath.FileName(path);
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var parent = ImagePath.Parent(path);
            if (name == OpaqueMarker)
            {
                layer.OpaqueDirectories.Add(parent);
            }
            else
            {
                layer.Whiteouts.Add(ImagePath.Combine(parent, name[WhiteoutPrefix.Length..]));
            }

            return null;
        }

        if (layer.Entries.Count >= limits.MaxEntriesPerLayer)
        {
            throw new InvalidInputException($"layer {layer.DiffId}: more than {limits.MaxEntriesPerLayer} entries");
        }

        if (kind == FileKind.HardLink && linkTarget is not null)
        {
            var target = ImagePath.NormalizeEntry(linkTarget);
            if (target is null)
            {
                Diagnose(DiagnosticCodes.LinkOutsideRoot, $"hard link '{path}' points above the image root ('{linkTarget}'); ignored", path);
                return null;
            }

            linkTarget = target;
        }

        var node = new FileNode { Path = path, Kind = kind, Size = size, Mode = mode, Uid = uid, Gid = gid, LinkTarget = linkTarget, LayerIndex = layer.Index };
        if (layer.Entries.TryGetValue(path, out var previous) && previous.Kind != FileKind.Directory)
        {
            Diagnose(DiagnosticCodes.DuplicateEntry, $"'{path}' appears more than once in the layer; the last entry wins", path);
            layer.Contents.Remove(path);
        }

        layer.Entries[path] = node;
        if (kind == FileKind.HardLink && requests.IsRequested(path, mode) && layer.Contents.TryGetValue(linkTarget!, out var linked))
        {
            layer.Contents[path] = linked;
            return null;
        }

        if (kind != FileKind.File || !requests.IsRequested(path, mode))
        {
            return null;
        }

        if (size > limits.MaxFileSize)
        {
            Diagnose(DiagnosticCodes.FileTooLarge, $"'{path}' is {size} bytes, over the {limits.MaxFileSize}-byte limit for files read by catalogers; not read", path);
            return null;
        }

        if (!budget.TryReserve(size))
        {
            layer.BudgetSpent = true;
            Diagnose(DiagnosticCodes.FileTooLarge, $"'{path}' not read: the scan's buffer budget of {limits.MaxBufferedBytes} bytes is spent", path);
            return null;
        }

        return path;
    }

    public void SetContent(string path, byte[] content) => layer.Contents[path] = content;

    public void Diagnose(string code, string message, string? path) =>
        layer.Diagnostics.Add(new Diagnostic(code, message, path, layer.DiffId.Length > 0 ? layer.DiffId : null));
}

/// <summary>The shared budget of buffered bytes across layers indexed in parallel.</summary>
internal sealed class BufferBudget(long limit)
{
    private long _used;

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= limit)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }
}
