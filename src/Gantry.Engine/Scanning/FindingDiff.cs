using Gantry.Core;

namespace Gantry.Engine.Scanning;

/// <summary>
/// Compares two finding lists the way Anchore Engine's <c>vuln_update</c> does (SERVICE.md §2): a finding is known by
/// its vulnerability id, the namespace of the record (the feed group) and its package (name, version, type and path);
/// added and removed compare those identities, and updated is the same identity with another severity, fix state or
/// fixed versions. Suppressed findings (ignore rules, VEX, <c>--only-fixed</c>) count on neither side, so a finding
/// whose ignore rule expired shows as added and a newly ignored one as removed. The CLI's <c>scan --diff</c> and the
/// service's re-check both call it.
/// </summary>
public static class FindingDiff
{
    public static FindingChanges Compare(IEnumerable<ReportedFinding> previous, IEnumerable<ReportedFinding> current)
    {
        var before = Index(previous);
        var after = Index(current);
        var added = after.Where(p => !before.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var removed = before.Where(p => !after.ContainsKey(p.Key)).Select(p => p.Value).ToList();
        var updated = after
            .Where(p => before.TryGetValue(p.Key, out var old) && !SameFacts(old.Finding, p.Value.Finding))
            .Select(p => new UpdatedFinding(before[p.Key], p.Value))
            .ToList();
        return new FindingChanges(added, removed, updated);
    }

    /// <summary>The identity of <c>vuln_update</c>; <see cref="Package.Id"/> is type, name, version and the first location's path.</summary>
    private static (string Vulnerability, string Namespace, string Package) IdentityOf(Finding finding) =>
        (finding.Vulnerability.Id, finding.Namespace, finding.Package.Id);

    /// <summary>The findings that count, in list order; a repeated identity (only a hand-edited old report has one) keeps its first finding.</summary>
    private static OrderedDictionary<(string, string, string), ReportedFinding> Index(IEnumerable<ReportedFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var index = new OrderedDictionary<(string, string, string), ReportedFinding>();
        foreach (var finding in findings.Where(f => f.Suppression is null))
        {
            index.TryAdd(IdentityOf(finding.Finding), finding);
        }

        return index;
    }

    private static bool SameFacts(Finding a, Finding b) =>
        a.Vulnerability.Severity == b.Vulnerability.Severity && a.FixState == b.FixState && a.FixedVersions.SequenceEqual(b.FixedVersions, StringComparer.Ordinal);
}
