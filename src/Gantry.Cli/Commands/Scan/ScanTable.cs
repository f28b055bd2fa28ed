using System.Globalization;
using System.Text;
using Gantry.Core;
using Gantry.Engine.Scanning;

namespace Gantry.Cli.Commands.Scan;

/// <summary>
/// The human view of a scan: findings grouped by severity (worst first), one row per vulnerability, package and
/// version with where it was found (the path, or how many paths: three copies of one binary are one row), then a
/// summary with the totals, the base/application split and how many findings were ignored. Go findings whose code the
/// binary does not link are listed apart (UNREACHABLE) with the reason, and left out of the totals.
/// </summary>
internal static class ScanTable
{
    private static readonly Severity[] Order = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Negligible, Severity.Unknown];

    public static void Write(ScanReport report, Stream output, bool colored)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        var rows = Rows(report.Active.Where(f => !IsUnreachable(f)));
        var unreachable = Rows(report.Active.Where(IsUnreachable));
        foreach (var severity in Order)
        {
            var group = rows.Where(r => r[0].Finding.Vulnerability.Severity == severity).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            writer.WriteLine(Paint($"{severity.ToString().ToUpperInvariant()} ({group.Count.ToString(CultureInfo.InvariantCulture)})", severity, colored));
            WriteGrid(writer, Header, group.ConvertAll(Cells));
            writer.WriteLine();
        }

        if (unreachable.Count > 0)
        {
            writer.WriteLine(Invariant($"UNREACHABLE ({unreachable.Count}): the binary does not link the vulnerable Go code"));
            WriteGrid(writer, [.. Header, "REASON"], unreachable.ConvertAll(r => (string[])[.. Cells(r), r[0].Finding.Reachability!.Reason]));
            writer.WriteLine();
        }

        Sbom.SecretsSection.Write(writer, report.Sbom);
        WriteSummary(writer, report, rows, unreachable.Count);

        // Also on stderr; here too, so a saved table never reads as a clean result when the distro had no data.
        foreach (var warning in report.Warnings)
        {
            writer.WriteLine(Paint($"Warning: {warning}", Severity.Medium, colored));
        }
    }

    private static bool IsUnreachable(ReportedFinding finding) => finding.Finding.Reachability?.IsUnreachable == true;

    public static readonly string[] Header = ["VULNERABILITY", "PACKAGE", "VERSION", "TYPE", "FIXED IN", "REMEDIATION", "LAYER", "LOCATION"];

    /// <summary>The findings of one vulnerability in one package name, version and type, wherever found, in report order.</summary>
    public static List<List<ReportedFinding>> Rows(IEnumerable<ReportedFinding> findings) => FindingRows.Of(findings);

    /// <summary>The cells of <see cref="Header"/> for one finding.</summary>
    public static string[] Cells(ReportedFinding finding) => Cells([finding]);

    /// <summary>The cells of <see cref="Header"/> for one row: the first finding's, with every layer and path of the row.</summary>
    public static string[] Cells(List<ReportedFinding> row)
    {
        var first = row[0];
        var layers = row.Select(f => f.Origin).DistinctBy(o => o.DiffId).ToList();
        var paths = row.SelectMany(f => f.Finding.Package.Locations.Take(1)).Select(l => l.Path).Distinct(StringComparer.Ordinal).ToList();
        return
        [
            first.Finding.Vulnerability.Id,
            first.Finding.Package.Name,
            first.Finding.Package.Version,
            first.Finding.Package.Type.ToWireName(),
            FixedIn(first.Finding),
            RemediationText(first.Remediation),
            layers.Count == 1 ? ShortLayer(layers[0]) : Invariant($"{layers.Count} layers"),
            paths.Count switch
            {
                0 => string.Empty,
                1 => paths[0],
                _ => Invariant($"{paths.Count} paths"),
            },
        ];
    }

    /// <summary>Left-aligned columns, two spaces apart, the last one not padded.</summary>
    public static void WriteGrid(StreamWriter writer, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            writer.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    public static string FixedIn(Finding finding) =>
        finding.FixedVersions.Count > 0 ? string.Join(", ", finding.FixedVersions) : $"({FixText(finding.FixState)})";

    /// <summary>The short form of the hint; the JSON report has the sentence.</summary>
    private static string RemediationText(Remediation remediation) => (remediation.Target, remediation.HasFix) switch
    {
        (RemediationTarget.BaseImage, true) => "update base image",
        (RemediationTarget.BaseImage, false) => "base image, no fix yet",
        (_, true) => "upgrade package",
        _ => "no fix yet",
    };

    /// <summary>The totals count rows, as the table shows them; the base/application split counts a row by its first finding.</summary>
    private static void WriteSummary(StreamWriter writer, ScanReport report, List<List<ReportedFinding>> rows, int unreachable)
    {
        var active = rows.ConvertAll(r => r[0]);
        var counts = Order
            .Select(s => (Severity: s, Count: active.Count(f => f.Finding.Vulnerability.Severity == s)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count.ToString(CultureInfo.InvariantCulture)} {c.Severity.ToString().ToLowerInvariant()}");
        var fixable = active.Count(f => f.Finding.FixState == FixState.Fixed);
        var secrets = report.Sbom.Secrets.Count > 0 ? Invariant($"; {report.Sbom.Secrets.Count} secrets") : string.Empty;
        writer.WriteLine(Invariant($"Summary: {active.Count} vulnerabilities ({string.Join(", ", counts.DefaultIfEmpty("none"))}); {fixable} fixable{secrets}"));
        if (report.BaseLayers.Count > 0)
        {
            var inBase = active.Count(f => f.Origin.InBaseImage);
            var baseName = report.BaseImage is null ? string.Empty : $" {report.BaseImage}";
            var from = report.BaseLayersFrom == BaseLayerSplit.FromAnnotation ? "from the base image annotation" : $"from {report.BaseLayersFrom}";
            writer.WriteLine(Invariant($"  base image{baseName} ({report.BaseLayers.Count} layers, {from}): {inBase}; application: {active.Count - inBase}"));
        }
        else if (report.BaseImage is not null)
        {
            writer.WriteLine($"  base image {report.BaseImage}: layer count unknown, pass --base-layers N to split the findings");
        }

        if (unreachable > 0)
        {
            writer.WriteLine(Invariant($"  {unreachable} unreachable (Go code not linked; not counted by --fail-on unless --include-unreachable)"));
        }

        var ignored = report.Findings.Count - report.Active.Count();
        if (ignored > 0)
        {
            writer.WriteLine(Invariant($"  {ignored} ignored (ignore rules, VEX, --only-fixed); see -o json for the rule of each"));
        }

        writer.WriteLine($"  database built {report.Database.Built?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "(unknown)"}");
    }

    private static string FixText(FixState state) => state switch
    {
        FixState.NotFixed => "not fixed",
        FixState.WontFix => "won't fix",
        _ => "unknown",
    };

    private static string ShortLayer(LayerOrigin origin)
    {
        var id = origin.DiffId.StartsWith("sha256:", StringComparison.Ordinal) ? origin.DiffId[7..Math.Min(origin.DiffId.Length, 19)] : origin.DiffId;
        return origin.InBaseImage ? id + " (base)" : id;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Paint(string text, Severity severity, bool colored) => !colored ? text : severity switch
    {
        Severity.Critical => $"\u001b[1;31m{text}\u001b[0m",
        Severity.High => $"\u001b[31m{text}\u001b[0m",
        Severity.Medium => $"\u001b[33m{text}\u001b[0m",
        _ => $"\u001b[2m{text}\u001b[0m",
    };
}
