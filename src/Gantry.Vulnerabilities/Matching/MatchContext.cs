using Gantry.Core;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>What a matcher needs besides the package: the store, the image's distro, and a sink for record problems.</summary>
public sealed class MatchContext(IVulnerabilityStore store, Distro? distro)
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<(string Id, string Source), Vulnerability?> _vulnerabilities = [];
    private readonly Dictionary<string, Vulnerability?> _aliasRatings = new(StringComparer.Ordinal);
    private readonly Dictionary<IVersionComparer, CachingVersionComparer> _comparers = new(ReferenceEqualityComparer.Instance);

    public IVulnerabilityStore Store { get; } = store;

    public Distro? Distro { get; } = distro;

    /// <summary>Problems met while matching (a record whose version does not parse, a matcher that failed).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    /// <summary>The scheme's comparer with a parse cache for this scan (records repeat the same version strings).</summary>
    public IVersionComparer Cached(IVersionComparer comparer)
    {
        ArgumentNullException.ThrowIfNull(comparer);
        if (comparer is CachingVersionComparer)
        {
            return comparer;
        }

        if (!_comparers.TryGetValue(comparer, out var cached))
        {
            cached = new CachingVersionComparer(comparer);
            _comparers[comparer] = cached;
        }

        return cached;
    }

    /// <summary>The merged vulnerability behind an affected entry, fetched once per scan.</summary>
    public Vulnerability? Vulnerability(AffectedPackage affected)
    {
        ArgumentNullException.ThrowIfNull(affected);
        var key = (affected.VulnerabilityId, affected.Source);
        if (!_vulnerabilities.TryGetValue(key, out var vulnerability))
        {
            vulnerability = Store.GetVulnerability(affected.VulnerabilityId, affected.Source);
            _vulnerabilities[key] = vulnerability;
        }

        return vulnerability;
    }

    /// <summary>
    /// The record NVD (else GitHub) rated among <paramref name="vulnerability"/>'s aliases; null when neither rated one.
    /// Fetched once per vulnerability per scan.
    /// </summary>
    public Vulnerability? AliasRating(Vulnerability vulnerability)
    {
        ArgumentNullException.ThrowIfNull(vulnerability);
        if (!_aliasRatings.TryGetValue(vulnerability.Id, out var rated))
        {
            rated = vulnerability.Aliases
                .SelectMany(Store.GetRatedRecords)
                .Where(r => r.SeveritySource is "nvd" or "ghsa")
                .OrderBy(r => r.SeveritySource == "nvd" ? 0 : 1)
                .FirstOrDefault();
            _aliasRatings[vulnerability.Id] = rated;
        }

        return rated;
    }
}
