using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Common;

/// <summary>
/// The common loop of file-based catalogers: every file of the squashed view matching one of the globs
/// is read and parsed; a file that does not parse becomes a diagnostic naming it, and the rest go on. A bug in a parser
/// (<see cref="FileErrors.IsBadInput"/> is false) is not blamed on the file: it propagates.
/// </summary>
internal static class FileCatalog
{
    public static CatalogResult Run(CatalogContext context, IEnumerable<string> globs, Func<CatalogFile, CatalogResult> parse,
        CancellationToken cancellationToken)
    {
        var packages = new List<Package>();
        var relationships = new List<Relationship>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in Read(context.Files, globs))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = parse(file);
                packages.AddRange(result.Packages);
                relationships.AddRange(result.Relationships);
                diagnostics.AddRange(result.Diagnostics);
            }
            catch (Exception ex) when (FileErrors.IsBadInput(ex))
            {
                diagnostics.Add(Malformed(file, ex.Message));
            }
        }

        return new CatalogResult(packages, relationships, diagnostics);
    }

    /// <summary>
    /// Requested files matching any glob whose contents start with <paramref name="startingWith"/> (empty: any), each once,
    /// sorted by path; unreadable (over-cap) files are skipped.
    /// </summary>
    public static IEnumerable<CatalogFile> Read(IFileResolver files, IEnumerable<string> globs, ReadOnlyMemory<byte> startingWith = default)
    {
        foreach (var (node, content) in files.ReadRequestedFiles(globs, startingWith))
        {
            yield return new CatalogFile(node.Path, LocationOf(files, node), content);
        }
    }

    /// <summary>Regular files and hard links of the squashed view matching any glob, each once, sorted by path (one pass over the view).</summary>
    public static IEnumerable<FileNode> Nodes(IFileResolver files, IEnumerable<string> globs) => files.FindRequestedFiles(globs);

    public static Location LocationOf(IFileResolver files, FileNode node) =>
        new(node.Path, node.LayerIndex < files.LayerDiffIds.Count ? files.LayerDiffIds[node.LayerIndex] : string.Empty);

    public static Diagnostic Malformed(CatalogFile file, string problem) =>
        new(DiagnosticCodes.MalformedFile, $"{file.Path}: {problem}", file.Path, file.Location.LayerDiffId.Length > 0 ? file.Location.LayerDiffId : null);
}
