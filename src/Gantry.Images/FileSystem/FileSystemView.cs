using System.Diagnostics.CodeAnalysis;
using Gantry.Core;
using Gantry.Images.Layers;

namespace Gantry.Images.FileSystem;

/// <summary>
/// The squashed file system of an image: layers applied bottom to top, each layer's whiteouts and
/// opaque folders hiding what lower layers put there before the layer's own entries are added.
/// </summary>
public sealed class FileSystemView : IFileResolver
{
    private const int MaxLinkHops = 40;

    private readonly Dictionary<string, FileNode> _nodes;
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);

    // Lookups by a part of a path (a parent folder, a prefix on the way to a file) make no string of it.
    private readonly Dictionary<string, FileNode>.AlternateLookup<ReadOnlySpan<char>> _nodesBySpan;
    private readonly Dictionary<string, HashSet<string>>.AlternateLookup<ReadOnlySpan<char>> _childrenBySpan;
    private readonly IReadOnlyList<LayerIndex> _layers;
    private readonly List<Diagnostic> _diagnostics = [];

    public FileSystemView(IReadOnlyList<LayerIndex> layers)
    {
        _layers = layers;

        // Sized once for every entry of every layer (an upper bound but for the folders made for entries): no growing copies.
        _nodes = new Dictionary<string, FileNode>(layers.Sum(l => l.Entries.Count), StringComparer.Ordinal);
        _nodesBySpan = _nodes.GetAlternateLookup<ReadOnlySpan<char>>();
        _childrenBySpan = _children.GetAlternateLookup<ReadOnlySpan<char>>();
        LayerDiffIds = layers.Select(l => l.DiffId).ToList();
        foreach (var layer in layers)
        {
            _diagnostics.AddRange(layer.Diagnostics);
            Apply(layer);
        }
    }

    public IReadOnlyList<string> LayerDiffIds { get; }

    /// <summary>The layer indexes the view was squashed from, bottom first.</summary>
    public IReadOnlyList<LayerIndex> Layers => _layers;

    /// <summary>The image as it stood after its first <paramref name="layerCount"/> layers (reuses their indexes: no I/O).</summary>
    public FileSystemView UpToLayer(int layerCount) => new(_layers.Take(layerCount).ToList());

    public IEnumerable<FileNode> AllFiles => _nodes.Values;

    /// <summary>Problems met while indexing and squashing (and while resolving links since).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics
    {
        get
        {
            lock (_diagnostics)
            {
                return _diagnostics.ToList();
            }
        }
    }

    public FileNode? GetFile(string path) => _nodes.GetValueOrDefault(ImagePath.Clamp(path));

    public FileNode? ResolveFile(string path) => ResolveFile(path, null);

    /// <summary><see cref="ResolveFile(string)"/>, telling <paramref name="reads"/> every path it looked at.</summary>
    internal FileNode? ResolveFile(string path, FileReads? reads)
    {
        var resolved = ResolvePath(ImagePath.Clamp(path), reads);
        reads?.Observe(resolved);
        return resolved is null ? null : _nodes.GetValueOrDefault(resolved);
    }

    public IEnumerable<FileNode> FindFiles(string glob)
    {
        var matcher = new GlobIndex([glob]);
        return _nodes.Values.Where(n => n.Kind is FileKind.File or FileKind.HardLink && matcher.IsMatch(n.Path)).OrderBy(n => n.Path, StringComparer.Ordinal);
    }

    public bool TryReadFile(string path, out ReadOnlyMemory<byte> content) => TryReadFile(path, out content, null);

    internal bool TryReadFile(string path, out ReadOnlyMemory<byte> content, FileReads? reads)
    {
        content = default;
        if (Find(path, (layer, node) => layer.Contents.ContainsKey(node.Path), reads) is not { } found)
        {
            return false;
        }

        content = found.Layer.Contents[found.Path];
        return true;
    }

    public bool TryReadExtract(string extractor, string path, [NotNullWhen(true)] out byte[]? facts) => TryReadExtract(extractor, path, out facts, null);

    internal bool TryReadExtract(string extractor, string path, [NotNullWhen(true)] out byte[]? facts, FileReads? reads)
    {
        facts = null;
        var found = Find(path, (layer, node) => FileExtracts.TryGet(layer.Extracts, extractor, node.Path, out _), reads);
        return found is not null && FileExtracts.TryGet(found.Value.Layer.Extracts, extractor, found.Value.Path, out facts);
    }

    public IReadOnlyDictionary<string, byte[]> ReadExtracts(string path) => ReadExtracts(path, null);

    internal IReadOnlyDictionary<string, byte[]> ReadExtracts(string path, FileReads? reads)
    {
        var extracts = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var found = Find(path, (layer, node) => HasExtract(layer, node.Path), reads);
        if (found is { } at)
        {
            foreach (var (key, facts) in at.Layer.Extracts)
            {
                var (extractor, keyPath) = FileExtracts.Split(key);
                if (keyPath == at.Path)
                {
                    extracts[extractor] = facts;
                }
            }
        }

        return extracts;
    }

    private static bool HasExtract(LayerIndex layer, string path) =>
        layer.Extracts.Count > 0 && layer.Extracts.Keys.Any(k => FileExtracts.Split(k).Path == path);

    /// <summary>
    /// The layer and path holding what was read of the file at <paramref name="path"/>: symlinks followed, then hard links
    /// (a link's own entry when the walk gave it the bytes, else its target in the squashed view).
    /// </summary>
    private (LayerIndex Layer, string Path)? Find(string path, Func<LayerIndex, FileNode, bool> has, FileReads? reads)
    {
        var node = ResolveFile(path, reads);
        for (var hops = 0; node is { Kind: FileKind.HardLink } && hops < MaxLinkHops; hops++)
        {
            if (has(_layers[node.LayerIndex], node))
            {
                return (_layers[node.LayerIndex], node.Path);
            }

            reads?.Look(node.LinkTarget!);
            node = _nodes.GetValueOrDefault(node.LinkTarget!);
        }

        return node is { Kind: FileKind.File } && has(_layers[node.LayerIndex], node) ? (_layers[node.LayerIndex], node.Path) : null;
    }

    public IReadOnlyList<LayerFileVersion> GetLayerVersions(string path) =>
        _layers.Where(l => l.Contents.ContainsKey(path))
            .Select(l => new LayerFileVersion(l.Index, l.DiffId, l.Contents[path]))
            .ToList();

    /// <summary>
    /// Follows symlinks segment by segment, clamped to the root; null when missing or after too many hops. Walks the
    /// prefixes of the clamped path in place; a symlink on the way swaps its prefix for the link's (clamped) target.
    /// </summary>
    private string? ResolvePath(string path, FileReads? reads)
    {
        var hops = 0;
        var pending = path;
        var walked = 0;
        while (walked + 1 < pending.Length)
        {
            var slash = pending.IndexOf('/', walked + 1);
            var end = slash < 0 ? pending.Length : slash;
            var found = _nodesBySpan.TryGetValue(pending.AsSpan(0, end), out var node);
            reads?.Traverse(found ? node!.Path : pending[..end]);
            if (!found)
            {
                return null;
            }

            if (node!.Kind != FileKind.Symlink)
            {
                walked = end;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                Record(new Diagnostic(DiagnosticCodes.LinkLoop, $"'{path}': more than {MaxLinkHops} symlinks to follow (a loop?)", path));
                return null;
            }

            var target = ImagePath.ResolveLinkTarget(node.Path, node.LinkTarget ?? string.Empty);
            pending = end == pending.Length ? target : string.Concat(target == ImagePath.Root ? string.Empty : target, pending.AsSpan(end));
            walked = 0;
        }

        return pending;
    }

    private void Apply(LayerIndex layer)
    {
        foreach (var opaque in layer.OpaqueDirectories)
        {
            if (_children.TryGetValue(opaque, out var kids))
            {
                foreach (var kid in kids.ToList())
                {
                    Remove(kid);
                }
            }
        }

        foreach (var whiteout in layer.Whiteouts)
        {
            if (!_nodes.ContainsKey(whiteout))
            {
                Record(new Diagnostic(DiagnosticCodes.WhiteoutWithoutTarget, $"whiteout for '{whiteout}', which no lower layer has", whiteout, layer.DiffId));
                continue;
            }

            Remove(whiteout);
        }

        foreach (var node in layer.Entries.Values)
        {
            if (_nodes.TryGetValue(node.Path, out var existing) && existing.Kind == FileKind.Directory && node.Kind != FileKind.Directory)
            {
                Remove(node.Path);
            }

            EnsureParents(node.Path, node.LayerIndex);
            _nodes[node.Path] = node;
            AddChild(node.Path);
        }
    }

    private void EnsureParents(string path, int layerIndex)
    {
        var parentSpan = ImagePath.Parent(path.AsSpan());
        if (parentSpan is ImagePath.Root || _nodesBySpan.ContainsKey(parentSpan))
        {
            return;
        }

        var parent = parentSpan.ToString();
        EnsureParents(parent, layerIndex);
        _nodes[parent] = new FileNode { Path = parent, Kind = FileKind.Directory, Mode = 0x1ED, LayerIndex = layerIndex };
        AddChild(parent);
    }

    private void AddChild(string path)
    {
        var parent = ImagePath.Parent(path.AsSpan());
        if (!_childrenBySpan.TryGetValue(parent, out var kids))
        {
            kids = new HashSet<string>(StringComparer.Ordinal);
            _childrenBySpan[parent] = kids;
        }

        kids.Add(path);
    }

    private void Remove(string path)
    {
        if (_children.Remove(path, out var kids))
        {
            foreach (var kid in kids)
            {
                Remove(kid);
            }
        }

        _nodes.Remove(path);
        if (_childrenBySpan.TryGetValue(ImagePath.Parent(path.AsSpan()), out var siblings))
        {
            siblings.Remove(path);
        }
    }

    private void Record(Diagnostic diagnostic)
    {
        lock (_diagnostics)
        {
            if (!_diagnostics.Contains(diagnostic))
            {
                _diagnostics.Add(diagnostic);
            }
        }
    }
}
