using System.Collections.Concurrent;
using Gantry.Core;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// What a matcher needs besides the package: the store, the image's distro, and a sink for record problems. A scan
/// matched on several threads gives each its own context (<see cref="ForWorker"/>) with its own reader; the
/// vulnerabilities fetched are shared, so one that several packages name is read once, by whichever worker asks first.
/// </summary>
public sealed class MatchContext
{
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly ConcurrentDictionary<(string Id, string Source), Vulnerability?> _vulnerabilities;
    private readonly ConcurrentDictionary<string, Vulnerability?> _aliasRatings;
    private readonly Dictionary<IVersionComparer, CachingVersionComparer> _comparers = new(ReferenceEqualityComparer.Instance);

    public MatchContext(IVulnerabilityStore store, Distro? distro)
        : this(store, distro, new ConcurrentDictionary<(string, string), Vulnerability?>(), new ConcurrentDictionary<string, Vulnerability?>(StringComparer.Ordinal))
    {
    }

    private MatchContext(IVulnerabilityStore store, Distro? distro, ConcurrentDictionary<(string, string), Vulnerability?> vulnerabilities,
        ConcurrentDictionary<string, Vulnerability?> aliasRatings)
    {
        Store = store;
        Distro = distro;
        _vulnerabilities = vulnerabilities;
        _aliasRatings = aliasRatings;
    }

    public IVulnerabilityStore Store { get; }

    public Distro? Distro { get; }

    /// <summary>A context for another thread of the same scan: its own reader, comparers and diagnostics, the same fetched vulnerabilities.</summary>
    public MatchContext ForWorker(IVulnerabilityStore reader) => new(reader, Distro, _vulnerabilities, _aliasRatings);

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

    /// <summary>The merged vulnerability behind an affected entry, fetched once per scan (as for <see cref="AliasRating"/>).</summary>
    public Vulnerability? Vulnerability(AffectedPackage affected)
    {
        ArgumentNullException.ThrowIfNull(affected);
        return _vulnerabilities.GetOrAdd((affected.VulnerabilityId, affected.Source), static (key, store) => store.GetVulnerability(key.Id, key.Source), Store);
    }

    /// <summary>
    /// The record NVD (else GitHub) rated among <paramref name="vulnerability"/>'s aliases; null when neither rated one.
    /// Fetched once per vulnerability per scan (two workers asking at once may both fetch it; the first answer is kept).
    /// </summary>
    public Vulnerability? AliasRating(Vulnerability vulnerability)
    {
        ArgumentNullException.ThrowIfNull(vulnerability);
        return _aliasRatings.GetOrAdd(vulnerability.Id, static (_, args) => args.Aliases
            .SelectMany(args.Store.GetRatedRecords)
            .Where(r => r.SeveritySource is "nvd" or "ghsa")
            .OrderBy(r => r.SeveritySource == "nvd" ? 0 : 1)
            .FirstOrDefault(), (vulnerability.Aliases, Store));
    }
}
