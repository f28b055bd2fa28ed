using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>Turns a matched affected entry into a <see cref="Finding"/>, with the vulnerability it belongs to.</summary>
internal static class FindingFactory
{
    /// <summary>The finding, or null when the record is withdrawn or missing (a withdrawn advisory no longer applies).</summary>
    public static Finding? Create(
        Package package, AffectedPackage affected, string constraint, string matchType, string matcher, MatchContext context)
    {
        var vulnerability = context.Vulnerability(affected);
        if (vulnerability is null || vulnerability.Withdrawn is not null)
        {
            return null;
        }

        // The distro's own rating for its package wins over the record's generic one.
        if (affected.Severity is { } distroSeverity)
        {
            vulnerability = vulnerability with { Severity = distroSeverity };
        }

        return new Finding
        {
            Vulnerability = vulnerability,
            Package = package,
            FixedVersions = affected.FixedVersions,
            FixState = affected.FixState,
            MatchType = matchType,
            Matcher = matcher,
            Namespace = affected.Namespace,
            Constraint = constraint,
        };
    }
}
