using System.Diagnostics.CodeAnalysis;

namespace Gantry.Images.FileSystem;

/// <summary>One layer's version of a requested file.</summary>
public sealed record LayerFileVersion(int LayerIndex, string DiffId, ReadOnlyMemory<byte> Content);

/// <summary>What catalogers see of an image: the squashed file system and the contents of the files they asked for.</summary>
public interface IFileResolver
{
    /// <summary>The diffIDs of the layers, bottom first (one empty id for a <c>dir:</c> source).</summary>
    IReadOnlyList<string> LayerDiffIds { get; }

    /// <summary>Every entry of the squashed view.</summary>
    IEnumerable<FileNode> AllFiles { get; }

    /// <summary>The entry at <paramref name="path"/> itself, without following a final symlink.</summary>
    FileNode? GetFile(string path);

    /// <summary>Follows symlinks (in every path segment) inside the image root; null when missing or looping.</summary>
    FileNode? ResolveFile(string path);

    /// <summary>Regular files of the squashed view whose path matches the glob (links not followed).</summary>
    IEnumerable<FileNode> FindFiles(string glob);

    /// <summary>
    /// Regular files and hard links of the squashed view matching any of <paramref name="globs"/>
    /// (<see cref="PathRequestSet"/> syntax, matched on the path alone), each once, sorted by path: one pass over the view.
    /// </summary>
    IEnumerable<FileNode> FindRequestedFiles(IEnumerable<string> globs)
    {
        var wanted = new PathRequestSet(globs);
        return AllFiles.Where(n => n.Kind is FileKind.File or FileKind.HardLink && wanted.IsRequested(n.Path)).OrderBy(n => n.Path, StringComparer.Ordinal);
    }

    /// <summary>
    /// The files of <see cref="FindRequestedFiles"/> whose contents can be read (<see cref="TryReadFile"/>) and start with
    /// <paramref name="startingWith"/> (a file format's magic; empty: any), with them: for readers that skip the others.
    /// </summary>
    IEnumerable<(FileNode Node, ReadOnlyMemory<byte> Content)> ReadRequestedFiles(IEnumerable<string> globs, ReadOnlyMemory<byte> startingWith = default)
    {
        foreach (var node in FindRequestedFiles(globs))
        {
            if (TryReadFile(node.Path, out var content) && content.Span.StartsWith(startingWith.Span))
            {
                yield return (node, content);
            }
        }
    }

    /// <summary>
    /// The files of <see cref="FindRequestedFiles"/> that <paramref name="extractor"/> read facts from
    /// (<see cref="TryReadExtract"/>), with them: for readers that skip the others.
    /// </summary>
    IEnumerable<(FileNode Node, byte[] Facts)> ReadRequestedExtracts(IEnumerable<string> globs, string extractor)
    {
        foreach (var node in FindRequestedFiles(globs))
        {
            if (TryReadExtract(extractor, node.Path, out var facts))
            {
                yield return (node, facts);
            }
        }
    }

    /// <summary>The contents of a requested file, following symlinks; false when missing or not buffered.</summary>
    bool TryReadFile(string path, out ReadOnlyMemory<byte> content);

    /// <summary>
    /// The facts <paramref name="extractor"/> (an <see cref="IFileExtractor.Name"/>) read from the file at
    /// <paramref name="path"/>, following symlinks and hard links as <see cref="TryReadFile"/> does; false when it read none.
    /// </summary>
    bool TryReadExtract(string extractor, string path, [NotNullWhen(true)] out byte[]? facts);

    /// <summary>Every extractor's facts about the file at <paramref name="path"/> (links followed), by extractor name.</summary>
    IReadOnlyDictionary<string, byte[]> ReadExtracts(string path);

    /// <summary>Every layer's own version of a requested path, bottom first, whether or not it survives.</summary>
    IReadOnlyList<LayerFileVersion> GetLayerVersions(string path);
}
