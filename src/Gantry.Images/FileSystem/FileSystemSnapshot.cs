using Gantry.Images.Layers;

namespace Gantry.Images.FileSystem;

/// <summary>
/// What a later evaluation needs of an analyzed image's file system, without the image: every entry of the squashed
/// view, the contents of the files that were buffered and the extractors' facts about the files they read
/// (<see cref="Extracts"/>: per path, per extractor). <see cref="Restore"/> rebuilds a view that answers the same
/// questions (links, globs, contents, extracts) as the one it was taken from; earlier layers' versions of a file are not kept.
/// </summary>
public sealed record FileSystemSnapshot(IReadOnlyList<string> LayerDiffIds, IReadOnlyList<FileNode> Nodes, IReadOnlyDictionary<string, byte[]> Contents,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>>? Extracts = null)
{
    public static FileSystemSnapshot Capture(IFileResolver files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var nodes = files.AllFiles.OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var extracts = new Dictionary<string, IReadOnlyDictionary<string, byte[]>>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => n.Kind is FileKind.File or FileKind.HardLink))
        {
            if (files.TryReadFile(node.Path, out var content))
            {
                contents[node.Path] = content.ToArray();
            }

            if (files.ReadExtracts(node.Path) is { Count: > 0 } facts)
            {
                extracts[node.Path] = facts;
            }
        }

        return new FileSystemSnapshot(files.LayerDiffIds, nodes, contents, extracts);
    }

    /// <summary>Each surviving entry goes back into the layer it came from; squashing those layers gives the same view.</summary>
    public FileSystemView Restore()
    {
        var layers = LayerDiffIds.Select((diffId, index) => new LayerIndex(index, diffId)).ToList();
        foreach (var node in Nodes)
        {
            var layer = layers[Math.Clamp(node.LayerIndex, 0, layers.Count - 1)];
            layer.Entries[node.Path] = node;
            if (Contents.TryGetValue(node.Path, out var content))
            {
                layer.Contents[node.Path] = content;
            }

            if (Extracts?.GetValueOrDefault(node.Path) is { } facts)
            {
                foreach (var (extractor, bytes) in facts)
                {
                    layer.Extracts[FileExtracts.Key(extractor, node.Path)] = bytes;
                }
            }
        }

        return new FileSystemView(layers);
    }
}
