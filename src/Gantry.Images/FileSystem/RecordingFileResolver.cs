using System.Diagnostics.CodeAnalysis;

namespace Gantry.Images.FileSystem;

/// <summary>
/// A view that records what its readers look at (<see cref="Reads"/>), so that what they concluded can be reused for an
/// image whose upper layers change none of it (<see cref="FileReads.IsUnchangedAbove"/>). Safe to share between readers
/// running at once.
/// </summary>
public sealed class RecordingFileResolver(FileSystemView view) : IFileResolver
{
    public FileReads Reads { get; } = new();

    public IReadOnlyList<string> LayerDiffIds => view.LayerDiffIds;

    public IEnumerable<FileNode> AllFiles
    {
        get
        {
            Reads.ReadAll();
            return view.AllFiles;
        }
    }

    public FileNode? GetFile(string path)
    {
        Reads.Look(ImagePath.Clamp(path));
        return view.GetFile(path);
    }

    public FileNode? ResolveFile(string path) => view.ResolveFile(path, Reads);

    public IEnumerable<FileNode> FindFiles(string glob)
    {
        Reads.Match([glob]);
        return view.FindFiles(glob);
    }

    public IEnumerable<FileNode> FindRequestedFiles(IEnumerable<string> globs)
    {
        var list = globs.ToList();
        Reads.Match(list);
        return ((IFileResolver)view).FindRequestedFiles(list);
    }

    public IEnumerable<(FileNode Node, ReadOnlyMemory<byte> Content)> ReadRequestedFiles(IEnumerable<string> globs, ReadOnlyMemory<byte> startingWith = default)
    {
        var list = globs.ToList();
        Reads.MatchContents(list, startingWith.Span);
        foreach (var node in ((IFileResolver)view).FindRequestedFiles(list))
        {
            if (TryReadFile(node.Path, out var content) && content.Span.StartsWith(startingWith.Span))
            {
                yield return (node, content);
            }
        }
    }

    public IEnumerable<(FileNode Node, byte[] Facts)> ReadRequestedExtracts(IEnumerable<string> globs, string extractor)
    {
        var list = globs.ToList();
        Reads.MatchExtracts(list, extractor);
        foreach (var node in ((IFileResolver)view).FindRequestedFiles(list))
        {
            if (TryReadExtract(extractor, node.Path, out var facts))
            {
                yield return (node, facts);
            }
        }
    }

    public bool TryReadFile(string path, out ReadOnlyMemory<byte> content) => view.TryReadFile(path, out content, Reads);

    public bool TryReadExtract(string extractor, string path, [NotNullWhen(true)] out byte[]? facts) => view.TryReadExtract(extractor, path, out facts, Reads);

    public IReadOnlyDictionary<string, byte[]> ReadExtracts(string path) => view.ReadExtracts(path, Reads);

    public IReadOnlyList<LayerFileVersion> GetLayerVersions(string path)
    {
        Reads.Observe(path);
        return view.GetLayerVersions(path);
    }
}
