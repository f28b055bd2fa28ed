using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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

    public SecretScanResult Catalog(IFileResolver files, ImageConfigSummary config, CancellationToken cancellationToken) =>
        Catalog(files, config, null, cancellationToken);

    /// <summary>
    /// The scan, taking the result of a file from <paramref name="known"/> when it has one for the layer and path the file
    /// is read from, and adding the files it scanned to it.
    /// </summary>
    public SecretScanResult Catalog(IFileResolver files, ImageConfigSummary config, SecretFileScans? known, CancellationToken cancellationToken)
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
                // The bytes are the node's own layer's only when the path resolves to the node itself (no symlinked folder).
                var own = known is not null && ReferenceEquals(files.ResolveFile(node.Path), node);
                if (!own || !known!.TryGet(node.LayerIndex, node.Path, out var scanned))
                {
                    var layer = node.LayerIndex < files.LayerDiffIds.Count ? files.LayerDiffIds[node.LayerIndex] : null;
                    scanned = _scanner.ScanFile(node.Path, string.IsNullOrEmpty(layer) ? null : layer, content.Span);
                    if (own)
                    {
                        known!.Add(node.LayerIndex, node.Path, scanned);
                    }
                }

                result.Add(scanned);
            }
        }

        return result;
    }

    /// <summary>What the scan of a file depends on besides its bytes: the rules and the size limit, as text (a cache key part).</summary>
    public static string Fingerprint(SecretRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var text = new StringBuilder().Append("max=").Append(SecretScanner.DefaultMaxFileBytes).Append('\n');
        foreach (var rule in rules.Rules)
        {
            text.Append("rule\0").AppendJoin('\0', rule.Id, rule.Category, rule.Title, rule.Severity, Describe(rule.Regex), rule.SecretGroupName,
                string.Join('\u0001', rule.Keywords), Describe(rule.Path)).Append('\n');
            Append(text, rule.AllowRules);
        }

        Append(text, rules.GlobalAllowRules);
        return text.ToString();
    }

    private static void Append(StringBuilder text, IEnumerable<SecretAllowRule> allowRules)
    {
        foreach (var allow in allowRules)
        {
            text.Append("allow\0").AppendJoin('\0', allow.Id, allow.Description ?? string.Empty, Describe(allow.Regex), Describe(allow.Path)).Append('\n');
        }
    }

    private static string Describe(Regex? regex) =>
        regex is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{regex}\u0001{regex.Options}\u0001{regex.MatchTimeout.Ticks}");
}
