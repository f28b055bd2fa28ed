using Gantry.Core;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// Matches a package's CPEs against NVD criteria. CPE matching is the largest source of false positives, so the
/// registry uses it only for packages with no ecosystem data (binaries) unless the user asks with <c>--cpe</c>.
/// </summary>
internal sealed class CpeMatcher : IMatcher
{
    public string Name => "cpe-matcher";

    public IReadOnlyList<PackageType> PackageTypes { get; } = Enum.GetValues<PackageType>();

    public IEnumerable<Finding> Match(Package package, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(context);

        // Binaries have no scheme of their own; their versions are dotted numbers, which SemVer's lenient parse orders.
        var comparer = VersionSchemes.For(package.Type) ?? VersionSchemes.SemVer;
        var findings = new List<Finding>();
        foreach (var cpe in package.Cpes)
        {
            var fields = CpeFields.Split(cpe);
            if (fields.Count < 6 || !comparer.TryParse(UpstreamVersion(fields[5], package), out var version, out _))
            {
                continue;
            }

            foreach (var criterion in context.Store.FindCpeCriteria(fields[3].ToLowerInvariant(), fields[4].ToLowerInvariant()))
            {
                if (criterion.Vulnerable && Covers(criterion, version, comparer) && ToFinding(package, criterion, context) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        return findings;
    }

    /// <summary>
    /// The version NVD's ranges speak of: the CPE's own, unquoted (catalogers write the upstream version there, without a
    /// Debian epoch or revision), else the package's.
    /// </summary>
    private static string UpstreamVersion(string cpeVersion, Package package) =>
        cpeVersion is "*" or "-" or "" ? package.Version : cpeVersion.Replace("\\", string.Empty, StringComparison.Ordinal);

    private static bool Covers(CpeCriterion criterion, ParsedVersion version, IVersionComparer comparer)
    {
        if (criterion.Version is not "*" and not "")
        {
            return comparer.TryParse(criterion.Version, out var exact, out _) && version.CompareTo(exact) == 0;
        }

        return Bound(criterion.VersionStartIncluding, c => c >= 0)
            && Bound(criterion.VersionStartExcluding, c => c > 0)
            && Bound(criterion.VersionEndIncluding, c => c <= 0)
            && Bound(criterion.VersionEndExcluding, c => c < 0);

        // An unreadable bound cannot be trusted, so it matches nothing.
        bool Bound(string? bound, Func<int, bool> holds) =>
            bound is null || (comparer.TryParse(bound, out var parsed, out _) && holds(version.CompareTo(parsed)));
    }

    private Finding? ToFinding(Package package, CpeCriterion criterion, MatchContext context)
    {
        var vulnerability = context.Store.GetVulnerability(criterion.VulnerabilityId);
        if (vulnerability is null || vulnerability.Withdrawn is not null)
        {
            return null;
        }

        var fixedIn = criterion.VersionEndExcluding;
        return new Finding
        {
            Vulnerability = vulnerability,
            Package = package,
            FixedVersions = fixedIn is null ? [] : [fixedIn],
            FixState = fixedIn is null ? FixState.Unknown : FixState.Fixed,
            MatchType = MatchTypes.Cpe,
            Matcher = Name,
            Namespace = "nvd:cpe",
            Constraint = Describe(criterion),
        };
    }

    private static string Describe(CpeCriterion c)
    {
        var bounds = new[]
        {
            c.VersionStartIncluding is null ? null : ">= " + c.VersionStartIncluding,
            c.VersionStartExcluding is null ? null : "> " + c.VersionStartExcluding,
            c.VersionEndIncluding is null ? null : "<= " + c.VersionEndIncluding,
            c.VersionEndExcluding is null ? null : "< " + c.VersionEndExcluding,
        }.OfType<string>().ToList();
        return bounds.Count == 0 ? c.Criteria : $"{c.Criteria} {string.Join(", ", bounds)}";
    }
}
