using Gantry.Core;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>Turns a matched affected entry into a <see cref="Finding"/>, with the vulnerability it belongs to.</summary>
internal static class FindingFactory
{
    /// <summary>The finding, or null when the record is withdrawn or missing (a withdrawn advisory no longer applies).</summary>
    public static Finding? Create(
        Package package, AffectedPackage affected, string constraint, string matchType, string matcher, IVersionComparer comparer, MatchContext context)
    {
        var vulnerability = context.Vulnerability(affected);
        if (vulnerability is null || vulnerability.Withdrawn is not null)
        {
            return null;
        }

        // The distro's own rating for its package wins over the record's generic one; a record nobody rated takes
        // NVD's (else GitHub's) rating of one of its aliases.
        if (affected.Severity is { } distroSeverity)
        {
            vulnerability = vulnerability with { Severity = distroSeverity, SeveritySource = DistroFamilies.OfNamespace(affected.Namespace)?.Name };
        }
        else if (vulnerability.Severity == Severity.Unknown && context.AliasRating(vulnerability) is { } rated)
        {
            vulnerability = vulnerability with { Severity = rated.Severity, SeveritySource = rated.SeveritySource };
        }

        return new Finding
        {
            Vulnerability = vulnerability,
            Package = package,
            FixedVersions = UpgradeTargets(affected.FixedVersions, context.Cached(comparer)),
            FixState = affected.FixState,
            MatchType = matchType,
            Matcher = matcher,
            Namespace = affected.Namespace,
            Constraint = constraint,
            Reachability = GoReachability.Decide(package, affected),
        };
    }

    /// <summary>
    /// The fixed versions a user can upgrade to, in the package's own scheme: what the scheme cannot read (a commit
    /// hash, a note) is left out, and versions equal in the scheme (<c>1.2</c>, <c>1.2.0</c>) are listed once, lowest first.
    /// </summary>
    private static List<string> UpgradeTargets(IReadOnlyList<string> fixedVersions, IVersionComparer comparer)
    {
        var readable = new List<(string Text, ParsedVersion Parsed)>();
        foreach (var version in fixedVersions)
        {
            if (comparer.TryParse(version, out var parsed, out _) && !readable.Any(r => r.Parsed.CompareTo(parsed) == 0))
            {
                readable.Add((version, parsed));
            }
        }

        readable.Sort((a, b) => a.Parsed.CompareTo(b.Parsed));
        return readable.ConvertAll(r => r.Text);
    }
}
