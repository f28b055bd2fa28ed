using System.Text;
using Gantry.Core;

namespace Gantry.Cli.Commands.Scan;

/// <summary>
/// The human view of <c>scan --diff</c>: the added, removed and updated findings in the scan table's columns (updated
/// ones with what they were), then one line of counts.
/// </summary>
internal static class ScanDiffTable
{
    public static void Write(FindingChanges changes, string previous, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        WriteGroup(writer, "ADDED", changes.Added.Select(ScanTable.Cells).ToList(), ScanTable.Header);
        WriteGroup(writer, "REMOVED", changes.Removed.Select(ScanTable.Cells).ToList(), ScanTable.Header);
        WriteGroup(writer, "UPDATED", changes.Updated.Select(u => ScanTable.Cells(u.Current).Append(Was(u.Previous.Finding)).ToArray()).ToList(), [.. ScanTable.Header, "WAS"]);
        writer.WriteLine(changes.IsEmpty
            ? $"No change since {previous}"
            : ScanTable.Invariant($"Since {previous}: {changes.Added.Count} added, {changes.Removed.Count} removed, {changes.Updated.Count} updated"));
    }

    private static void WriteGroup(StreamWriter writer, string title, List<string[]> rows, string[] header)
    {
        if (rows.Count == 0)
        {
            return;
        }

        writer.WriteLine(ScanTable.Invariant($"{title} ({rows.Count})"));
        ScanTable.WriteGrid(writer, header, rows);
        writer.WriteLine();
    }

    private static string Was(Finding finding) => $"{finding.Vulnerability.Severity.ToString().ToLowerInvariant()}, {ScanTable.FixedIn(finding)}";
}
