using Gantry.Core;
using Spectre.Console;

namespace Gantry.Cli.Commands.Sbom;

/// <summary>The terminal view of an SBOM: packages sorted by name, then a one-line summary.</summary>
internal static class SbomTable
{
    public static void Write(Gantry.Core.Sbom sbom, Stream output, bool colored)
    {
        using var writer = new StreamWriter(output, leaveOpen: true);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colored ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colored ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "VERSION", "TYPE", "LAYER");
        var layerNumbers = sbom.Source.Layers.ToDictionary(l => l.DiffId, l => l.Index + 1);
        foreach (var package in sbom.Packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(package.Name), Markup.Escape(package.Version), package.Type.ToWireName(), LayerLabel(package, layerNumbers));
        }

        console.Write(table);
        SecretsSection.Write(writer, sbom);
        writer.WriteLine(Summary(sbom));
    }

    public static string Summary(Gantry.Core.Sbom sbom)
    {
        var byType = string.Join(", ", sbom.Packages.GroupBy(p => p.Type.ToWireName()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        var distro = sbom.Distro is { } d ? $"{d.Id} {d.VersionId}".Trim() : "unknown distro";
        var removed = sbom.Packages.Count(p => p.IsRemoved) is > 0 and var count ? $" ({count} removed by a later layer)" : string.Empty;
        var diagnostics = sbom.Diagnostics.Count > 0 ? $"; {sbom.Diagnostics.Count} diagnostics" : string.Empty;
        var secrets = sbom.Secrets.Count > 0 ? $"; {sbom.Secrets.Count} secrets" : string.Empty;
        return $"{sbom.Packages.Count} packages ({(byType.Length > 0 ? byType : "none")}) in {sbom.Source.Layers.Count} layers{removed}; {distro}{diagnostics}{secrets}";
    }

    /// <summary>"3 sha256:0123456789ab": the layer's position and the short form of its diffID.</summary>
    private static string LayerLabel(Package package, Dictionary<string, int> layerNumbers) => package.RemovedByLayerDiffId is { } removedBy
        ? $"{LayerLabel(package.LayerDiffId, layerNumbers)}, removed by {LayerLabel(removedBy, layerNumbers)}"
        : LayerLabel(package.LayerDiffId, layerNumbers);

    internal static string LayerLabel(string diffId, Dictionary<string, int> layerNumbers)
    {
        if (!Digest.TryParse(diffId, out var digest))
        {
            return "-";
        }

        return layerNumbers.TryGetValue(diffId, out var n) ? $"{n} {digest.Short}" : digest.Short;
    }
}
