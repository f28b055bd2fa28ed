using Gantry.Core;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>A name (and version) under which the distro's feed may list a package.</summary>
internal sealed record DistroLookup(string Name, string Version, string MatchType);

/// <summary>
/// Matches an OS package against its distro release's data (<c>debian:12</c>, <c>alpine:3.19</c>, <c>rhel:9</c>), by
/// the binary package name and by its source package. A "not affected" statement of the distro for a vulnerability
/// (secdb version <c>0</c>, Debian <c>fixed_version 0</c>) suppresses that vulnerability for the package whatever
/// other entries say. Without a release the matcher has no data to use and reports nothing.
/// </summary>
internal sealed class DistroMatcher(
    string name,
    PackageType packageType,
    IVersionComparer comparer,
    Func<Distro, string?> namespaceOf,
    Func<Package, IEnumerable<DistroLookup>> lookups) : IMatcher
{
    public string Name { get; } = name;

    public IReadOnlyList<PackageType> PackageTypes { get; } = [packageType];

    public IEnumerable<Finding> Match(Package package, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Distro is null || namespaceOf(context.Distro) is not { } @namespace)
        {
            return [];
        }

        var candidates = new List<(AffectedPackage Affected, DistroLookup Lookup)>();
        foreach (var lookup in lookups(package).DistinctBy(l => l.Name))
        {
            if (!comparer.TryParse(lookup.Version, out _, out var error))
            {
                context.Report(new Diagnostic(MatchDiagnostics.UnreadableVersion, $"{package.Name} ({lookup.Name} {lookup.Version}): not matched: {error}"));
                continue;
            }

            candidates.AddRange(context.Store.FindAffected(@namespace, PackageNames.Normalize(@namespace, lookup.Name)).Select(a => (a, lookup)));
        }

        var notAffected = candidates
            .Where(c => c.Affected.FixState == FixState.NotAffected)
            .Select(c => c.Affected.VulnerabilityId)
            .ToHashSet(StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var (affected, lookup) in candidates)
        {
            if (notAffected.Contains(affected.VulnerabilityId))
            {
                continue;
            }

            if (AffectedEvaluator.Match(affected, lookup.Version, comparer, context) is { } constraint
                && FindingFactory.Create(package, affected, constraint, lookup.MatchType, Name, comparer, context) is { } finding)
            {
                findings.Add(finding);
            }
        }

        return findings;
    }

    /// <summary>
    /// The vulnerabilities (ids and aliases) the release's data says anything about for the package, affected, fixed or
    /// not affected: on those the distro has the last word, so a CPE match must not add to it.
    /// </summary>
    public IReadOnlySet<string> StatedVulnerabilities(Package package, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Distro is null || namespaceOf(context.Distro) is not { } @namespace)
        {
            return new HashSet<string>();
        }

        return lookups(package)
            .DistinctBy(l => l.Name)
            .SelectMany(l => context.Store.FindAffected(@namespace, PackageNames.Normalize(@namespace, l.Name)))
            .SelectMany(a => context.Vulnerability(a) is { } v ? v.Aliases.Prepend(a.VulnerabilityId) : [a.VulnerabilityId])
            .ToHashSet(StringComparer.Ordinal);
    }
}
