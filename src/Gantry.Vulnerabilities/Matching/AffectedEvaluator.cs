using Gantry.Core;
using Gantry.Versioning;
using Gantry.Versioning.Osv;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// Decides whether an installed version is inside an affected entry, as the OSV schema defines it: the version is
/// listed in <c>versions[]</c> or falls in any SEMVER or ECOSYSTEM range. GIT ranges name commits, not versions, so
/// they never match a package version. A range that cannot be read in the scheme is reported and skipped; the
/// entry's other ranges still count.
/// </summary>
internal static class AffectedEvaluator
{
    /// <summary>The constraint that matched in the record's own words, or null when the version is not affected.</summary>
    public static string? Match(AffectedPackage affected, string version, IVersionComparer ecosystemComparer, MatchContext context)
    {
        ecosystemComparer = context.Cached(ecosystemComparer);
        if (affected.Versions.Count > 0)
        {
            // Parsed once for the whole list: PyPI and Go records list hundreds of versions.
            var installed = ecosystemComparer.TryParse(version, out var parsed, out _) ? parsed : null;
            foreach (var listed in affected.Versions)
            {
                if (SameVersion(version, installed, listed, ecosystemComparer))
                {
                    return $"versions: {listed}";
                }
            }
        }

        foreach (var range in affected.Ranges)
        {
            var comparer = range.Type switch
            {
                AffectedRange.Semver => context.Cached(VersionSchemes.SemVer),
                AffectedRange.Ecosystem => ecosystemComparer,
                _ => null,
            };
            if (comparer is null)
            {
                continue;
            }

            try
            {
                var events = range.Events.Select(ToOsvEvent).ToList();
                if (OsvRangeEvaluator.IsAffected(version, events, comparer))
                {
                    return range.ToString();
                }
            }
            catch (VersionFormatException ex)
            {
                context.Report(new Diagnostic(MatchDiagnostics.UnreadableRecord,
                    $"{affected.VulnerabilityId} ({affected.Namespace} {affected.Name}): range '{range}' skipped: {ex.Message}"));
            }
        }

        return null;
    }

    /// <summary>Listed versions are equal when the scheme orders them equal ("1.0" and "1.0.0" in PEP 440), else by spelling.</summary>
    private static bool SameVersion(string version, ParsedVersion? installed, string listed, IVersionComparer comparer)
    {
        if (string.Equals(version, listed, StringComparison.Ordinal))
        {
            return true;
        }

        return installed is not null && comparer.TryParse(listed, out var other, out _) && installed.CompareTo(other) == 0;
    }

    private static OsvEvent ToOsvEvent(RangeEvent e) => e.Kind switch
    {
        RangeEventKind.Introduced => OsvEvent.Introduced(e.Version),
        RangeEventKind.Fixed => OsvEvent.Fixed(e.Version),
        RangeEventKind.LastAffected => OsvEvent.LastAffected(e.Version),
        _ => OsvEvent.Limit(e.Version),
    };
}
