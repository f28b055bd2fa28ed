using System.Globalization;
using Gantry.Core;

namespace Gantry.Cli.Commands.Sbom;

/// <summary>The secrets of an SBOM under the sbom and scan tables: a count, then one row per finding, the match redacted.</summary>
internal static class SecretsSection
{
    public static void Write(TextWriter writer, Gantry.Core.Sbom sbom)
    {
        if (sbom.Secrets.Count == 0)
        {
            return;
        }

        var layerNumbers = sbom.Source.Layers.ToDictionary(l => l.DiffId, l => l.Index + 1);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SECRETS ({sbom.Secrets.Count})"));
        string[] header = ["RULE", "SEVERITY", "LOCATION", "LINE", "LAYER", "MATCH"];
        var rows = sbom.Secrets.Select(s => new[]
        {
            s.RuleId,
            s.Severity.ToString().ToLowerInvariant(),
            s.Location,
            s.Line.ToString(CultureInfo.InvariantCulture),
            s.LayerDiffId is null ? "config" : SbomTable.LayerLabel(s.LayerDiffId, layerNumbers),
            s.RedactedMatch,
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            writer.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        writer.WriteLine();
    }
}
