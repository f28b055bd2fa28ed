using System.Collections.Concurrent;

namespace Gantry.Images.FileSystem;

/// <summary>
/// What readers of a view looked at, recorded by a <see cref="RecordingFileResolver"/>: the paths whose entry they saw
/// (<see cref="Observed"/>), the paths a lookup passed through on its way, symlinks followed (<see cref="Traversed"/>),
/// the globs they listed files by (<see cref="Globs"/>), and the globs they read files by, skipping files without
/// contents, or whose contents do not start with a given magic, or without an extractor's facts (<see cref="ContentGlobs"/>:
/// the glob, then after a new line <c>magic:HEX</c> or <c>extract:NAME</c> when the read has one). <see cref="IsUnchangedAbove"/> tells whether the layers above
/// a lower part of an image change none of it, so what those readers concluded from the lower part still holds.
/// </summary>
public sealed class FileReads
{
    private readonly ConcurrentDictionary<string, byte> _observed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _traversed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _globs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _contentGlobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> _traversedBySpan;
    private const string MagicRead = "magic:";
    private const string ExtractRead = "extract:";
    private volatile bool _everything;

    public FileReads()
    {
        _traversedBySpan = _traversed.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>True when a reader enumerated every entry of the view: then any change may matter.</summary>
    public bool Everything => _everything;

    public IReadOnlyList<string> Observed => Sorted(_observed);

    public IReadOnlyList<string> Traversed => Sorted(_traversed);

    public IReadOnlyList<string> Globs => Sorted(_globs);

    public IReadOnlyList<string> ContentGlobs => Sorted(_contentGlobs);

    /// <summary>Reads recorded earlier (kept with a cached result).</summary>
    public static FileReads Restore(IEnumerable<string> observed, IEnumerable<string> traversed, IEnumerable<string> globs, IEnumerable<string> contentGlobs)
    {
        var reads = new FileReads();
        foreach (var path in observed)
        {
            reads._observed.TryAdd(path, 0);
        }

        foreach (var path in traversed)
        {
            reads._traversed.TryAdd(path, 0);
        }

        reads.Match(globs);
        foreach (var glob in contentGlobs)
        {
            reads._contentGlobs.TryAdd(glob, 0);
        }

        return reads;
    }

    /// <summary>
    /// True when the layers of <paramref name="view"/> above its first <paramref name="lowerLayers"/> change nothing that
    /// was read of the view made of those lower layers alone: no whiteout or opaque folder, and every path they add or
    /// replace (with the folders created for them) was neither looked at nor passed through (a folder replacing a folder
    /// may be passed through: what is under it stays), no listed glob matches it, before or after, and no glob files were
    /// read by matches it while it has contents to read, before or after.
    /// </summary>
    public bool IsUnchangedAbove(FileSystemView view, int lowerLayers)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (_everything || lowerLayers < 1 || lowerLayers > view.Layers.Count)
        {
            return false;
        }

        var upper = view.Layers.Skip(lowerLayers).ToList();
        if (upper.Any(l => l.Whiteouts.Count > 0 || l.OpaqueDirectories.Count > 0))
        {
            return false;
        }

        var globs = new PathRequestSet(_globs.Keys);
        var contentGlobs = _contentGlobs.Keys.Select(k => k.Split('\n', 2))
            .GroupBy(k => k.Length > 1 ? k[1] : string.Empty, k => k[0])
            .Select(g => (Globs: new PathRequestSet(g), Read: g.Key))
            .ToList();
        var lower = new Lazy<FileSystemView>(() => view.UpToLayer(lowerLayers));
        foreach (var path in Touched(view, upper, lowerLayers))
        {
            if (_observed.ContainsKey(path))
            {
                return false;
            }

            var now = view.GetFile(path);
            if (Lists(globs, now) || contentGlobs.Any(c => Reads(c.Globs, c.Read, view, now)))
            {
                return false;
            }

            var traversed = _traversed.ContainsKey(path);
            if (!traversed && now?.Kind == FileKind.Directory && !globs.IsRequested(path, 0x49) && !contentGlobs.Any(c => c.Globs.IsRequested(path, 0x49)))
            {
                continue;
            }

            // What the lower view had there decides: nothing, or a folder still a folder, and no listed or read file replaced.
            var before = ExistedBelow(view, lowerLayers, path) ? lower.Value.GetFile(path) : null;
            if (Lists(globs, before) || (before is not null && contentGlobs.Any(c => Reads(c.Globs, c.Read, lower.Value, before))))
            {
                return false;
            }

            if (before?.Kind == FileKind.Directory ? now?.Kind != FileKind.Directory : traversed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An entry was looked at (and its contents perhaps read); null is a lookup that found nothing to look at.</summary>
    internal void Observe(string? path)
    {
        if (path is not null)
        {
            _observed.TryAdd(path, 0);
        }
    }

    /// <summary>A lookup passed through this path on its way (a folder, or a symlink it followed).</summary>
    internal void Traverse(string path) => _traversed.TryAdd(path, 0);

    /// <summary><see cref="Traverse(string)"/> of a part of a path, made a string only the first time.</summary>
    private void Traverse(ReadOnlySpan<char> path)
    {
        if (!_traversedBySpan.ContainsKey(path))
        {
            _traversed.TryAdd(path.ToString(), 0);
        }
    }

    /// <summary>A direct lookup of one path: its entry is seen, and it depends on each folder above it staying a folder.</summary>
    internal void Look(string path)
    {
        Observe(path);
        for (var parent = ImagePath.Parent(path.AsSpan()); parent is not ImagePath.Root; parent = ImagePath.Parent(parent))
        {
            Traverse(parent);
        }
    }

    internal void Match(IEnumerable<string> globs)
    {
        foreach (var glob in globs)
        {
            _globs.TryAdd(glob, 0);
        }
    }

    /// <summary>Files were read by <paramref name="globs"/>, only those whose contents start with <paramref name="magic"/>.</summary>
    internal void MatchContents(IEnumerable<string> globs, ReadOnlySpan<byte> magic) =>
        AddContentGlobs(globs, magic.IsEmpty ? string.Empty : "\n" + MagicRead + Convert.ToHexString(magic));

    /// <summary>The facts <paramref name="extractor"/> read from files were read by <paramref name="globs"/>.</summary>
    internal void MatchExtracts(IEnumerable<string> globs, string extractor) => AddContentGlobs(globs, "\n" + ExtractRead + extractor);

    private void AddContentGlobs(IEnumerable<string> globs, string suffix)
    {
        foreach (var glob in globs)
        {
            _contentGlobs.TryAdd(glob + suffix, 0);
        }
    }

    internal void ReadAll() => _everything = true;

    /// <summary>Whether a listing by <paramref name="globs"/> would include <paramref name="node"/>.</summary>
    private static bool Lists(PathRequestSet globs, FileNode? node) =>
        node is { Kind: FileKind.File or FileKind.HardLink } && globs.IsRequested(node.Path, node.Mode);

    /// <summary>
    /// Whether a read by <paramref name="globs"/> could yield <paramref name="node"/>: it matches and has what the read
    /// (<paramref name="read"/>) takes in its layer, buffered contents (starting with the magic) or the extractor's facts (a hard link, or a file under a symlinked folder, whose contents may be another
    /// file's, always counts).
    /// </summary>
    private static bool Reads(PathRequestSet globs, string read, FileSystemView view, FileNode? node)
    {
        if (!Lists(globs, node))
        {
            return false;
        }

        if (node!.Kind == FileKind.HardLink || UnderSymlink(view, node.Path))
        {
            return true;
        }

        var layer = view.Layers[node.LayerIndex];
        if (read.StartsWith(ExtractRead, StringComparison.Ordinal))
        {
            return FileExtracts.TryGet(layer.Extracts, read[ExtractRead.Length..], node.Path, out _);
        }

        var magic = read.StartsWith(MagicRead, StringComparison.Ordinal) ? Convert.FromHexString(read[MagicRead.Length..]) : [];
        return layer.Contents.TryGetValue(node.Path, out var content) && content.AsSpan().StartsWith(magic);
    }

    private static bool UnderSymlink(FileSystemView view, string path)
    {
        for (var parent = ImagePath.Parent(path); parent != ImagePath.Root; parent = ImagePath.Parent(parent))
        {
            if (view.GetFile(parent)?.Kind == FileKind.Symlink)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every path whose entry in the squashed view comes from an upper layer: their entries and the folders made for them.</summary>
    private static HashSet<string> Touched(FileSystemView view, List<Layers.LayerIndex> upper, int lowerLayers)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in upper)
        {
            foreach (var path in layer.Entries.Keys)
            {
                touched.Add(path);
                for (var parent = ImagePath.Parent(path); parent != ImagePath.Root && touched.Add(parent); parent = ImagePath.Parent(parent))
                {
                    if (view.GetFile(parent) is { } node && node.LayerIndex < lowerLayers)
                    {
                        touched.Remove(parent);
                        break;
                    }
                }
            }
        }

        return touched;
    }

    /// <summary>Whether any lower layer has an entry at <paramref name="path"/> or under it (a folder made for it).</summary>
    private static bool ExistedBelow(FileSystemView view, int lowerLayers, string path)
    {
        var prefix = path + "/";
        return view.Layers.Take(lowerLayers).Any(l => l.Entries.ContainsKey(path) || l.Entries.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)));
    }

    private static List<string> Sorted(ConcurrentDictionary<string, byte> set) => [.. set.Keys.Order(StringComparer.Ordinal)];
}
