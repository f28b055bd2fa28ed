using Gantry.Core;

namespace Gantry.Formats.Scan;

/// <summary>
/// <c>gantry scan --diff -o json</c> (docs/scan.md): the scanned image and database, the report compared against, and
/// the findings added, removed and updated since, each written as in the scan report.
/// </summary>
internal sealed record ScanDiffDocument(
    string SchemaVersion,
    ScanSource Source,
    ScanDatabase Database,
    string Previous,
    IReadOnlyList<ScanFinding> Added,
    IReadOnlyList<ScanFinding> Removed,
    IReadOnlyList<ScanUpdate> Updated)
{
    public static ScanDiffDocument From(ScanReport report, FindingChanges changes, string previous) => new(
        ScanJsonWriter.SchemaVersion,
        ScanSource.From(report),
        ScanDatabase.From(report.Database),
        previous,
        changes.Added.Select(ScanFinding.From).ToList(),
        changes.Removed.Select(ScanFinding.From).ToList(),
        changes.Updated.Select(ScanUpdate.From).ToList());
}

/// <summary>A finding in both reports: as it is now, and the severity and fix it had before.</summary>
internal sealed record ScanUpdate(ScanFinding Finding, ScanPrevious Previous)
{
    public static ScanUpdate From(UpdatedFinding updated)
    {
        var before = ScanFinding.From(updated.Previous);
        return new(ScanFinding.From(updated.Current), new ScanPrevious(before.Vulnerability.Severity, before.Fix));
    }
}

internal sealed record ScanPrevious(string Severity, ScanFix Fix);
