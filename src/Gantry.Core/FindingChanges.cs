namespace Gantry.Core;

/// <summary>
/// What changed between two scans: findings that appeared, findings that are gone, and findings still there whose
/// severity or fix changed.
/// </summary>
public sealed record FindingChanges(IReadOnlyList<ReportedFinding> Added, IReadOnlyList<ReportedFinding> Removed, IReadOnlyList<UpdatedFinding> Updated)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Updated.Count == 0;
}

/// <summary>One finding in both scans, with other facts in the newer one.</summary>
public sealed record UpdatedFinding(ReportedFinding Previous, ReportedFinding Current);
