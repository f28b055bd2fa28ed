using Gantry.Core;
using Gantry.Core.Secrets;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Secrets;

/// <summary>
/// Finds secrets in the image, in the same single layer pass as the packages: the candidate files
/// (<see cref="RequestedGlobs"/>) of the squashed view, each with the layer that holds it, and the image config.
/// Only candidates are read, whatever else a cataloger or a bundle had buffered, so <c>sbom</c>, <c>scan</c> and
/// <c>evaluate</c> report the same secrets. Findings are redacted by the scanner and sorted by path.
/// </summary>
public sealed class SecretCataloger(SecretRuleSet rules)
{
    private static readonly PathRequestSet Candidates = new(SecretScanGlobs.Candidates);

    private readonly SecretScanner _scanner = new(rules);

    /// <summary>The files whose contents are scanned (configuration, key and script files, application folders).</summary>
    public static IReadOnlyList<string> RequestedGlobs => SecretScanGlobs.Candidates;

    public SecretScanResult Catalog(IFileResolver files, ImageConfigSummary config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var result = _scanner.ScanImageConfig(config);
        var candidates = files.AllFiles
            .Where(n => n.Kind == FileKind.File && _scanner.WantsFile(n.Size) && Candidates.IsRequested(n.Path))
            .OrderBy(n => n.Path, StringComparer.Ordinal);
        foreach (var node in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (files.TryReadFile(node.Path, out var content))
            {
                var layer = node.LayerIndex < files.LayerDiffIds.Count ? files.LayerDiffIds[node.LayerIndex] : null;
                result.Add(_scanner.ScanFile(node.Path, string.IsNullOrEmpty(layer) ? null : layer, content.Span));
            }
        }

        return result;
    }
}
