using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.Scan;

/// <summary>
/// Gantry's JSON scan report (docs/scan.md, <see cref="ScanDocument"/>): the image, the database, and every finding
/// with the package, its layer and history line, the record it came from and, for suppressed findings, what
/// suppressed it.
/// </summary>
public static class ScanJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static void Write(ScanReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        JsonOutput.Write(ScanDocument.From(report), output);
    }

    /// <summary><c>--diff</c>: what changed since the report <paramref name="previous"/> names (as the user gave it).</summary>
    public static void WriteDiff(ScanReport report, FindingChanges changes, string previous, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(changes);
        JsonOutput.Write(ScanDiffDocument.From(report, changes, previous), output);
    }

    public static string FixStateName(FixState state) => state switch
    {
        FixState.Fixed => "fixed",
        FixState.NotFixed => "not-fixed",
        FixState.WontFix => "wont-fix",
        FixState.NotAffected => "not-affected",
        _ => "unknown",
    };

    public static string ReachabilityName(ReachabilityState state) => state.ToString().ToLowerInvariant();
}
