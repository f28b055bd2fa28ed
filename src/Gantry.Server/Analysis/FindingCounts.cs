using Gantry.Core;
using Gantry.Engine.Stored;
using Gantry.Server.Api;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>A digest's stored counts and whether they were counted against the database in use (false: an earlier build's, until they are counted again).</summary>
public sealed record StoredCounts(SeverityCounts Counts, bool IsCurrent);

/// <summary>
/// The findings of each analyzed digest counted per severity, split into base image and application layers (the split
/// <c>gantry scan</c> makes, from <see cref="StoredImageOperations.BaseLayers"/>), over the vulnerability report the API
/// serves with vendor "won't fix" findings left out (as its default <c>vendor_only</c> does). Counted when an analysis
/// or a re-check finishes and for every image right after a database switch (<see cref="FindingCountsWarmer"/>), and
/// stored, so the images table reads 500 rows' counts in one query instead of matching 500 SBOMs.
/// </summary>
public sealed class FindingCounts(IStateStore store, VulnerabilityReports reports, VulnerabilityDatabase database, AnalysisStore documents, TimeProvider time)
{
    /// <summary>Counts the digest against the current database and stores the result; null without a database.</summary>
    public SeverityCounts? Count(string digest, CancellationToken cancellationToken)
    {
        if (database.Current is not { } db)
        {
            return null;
        }

        return Save(digest, db.BuildId, reports.Get(digest, cancellationToken), () => database.IsStill(db));
    }

    /// <summary>Counts <paramref name="report"/> (the digest's report under <paramref name="build"/>) and stores the result.</summary>
    public SeverityCounts Save(string digest, string build, IReadOnlyList<VulnerabilityItem> report) => Save(digest, build, report, () => true);

    /// <summary>Every stored count of the account's digests, by digest.</summary>
    public IReadOnlyDictionary<string, StoredCounts> Stored(string account)
    {
        var build = database.Current?.BuildId;
        return store.ListFindingCounts(account).ToDictionary(c => c.Digest, c => new StoredCounts(SeverityCounts.FromJson(c.CountsJson), c.DatabaseBuild == build),
            StringComparer.Ordinal);
    }

    private SeverityCounts Save(string digest, string build, IReadOnlyList<VulnerabilityItem> report, Func<bool> stillCurrent)
    {
        var counts = Split(digest, report.Where(v => !v.WillNotFix).ToList());
        // A report read from a file replaced meanwhile is not the old build's to store (as VulnerabilityReports decides).
        if (stillCurrent())
        {
            store.SaveFindingCounts(new FindingCountsRecord(digest, build, counts.ToJson(), time.GetUtcNow()));
        }

        return counts;
    }

    private SeverityCounts Split(string digest, List<VulnerabilityItem> items)
    {
        if (items.Count == 0)
        {
            return SeverityCounts.Of([]);
        }

        var sbom = documents.LoadSbom(digest);
        var baseLayers = StoredImageOperations.BaseLayers(sbom);
        var layerOf = sbom.Packages.Where(p => !p.IsRemoved)
            .GroupBy(p => (p.Name, p.Version, Path: p.Locations.Count > 0 ? p.Locations[0].Path : "None"))
            .ToDictionary(g => g.Key, g => g.First().LayerDiffId);
        return SeverityCounts.Of(items.Select(v => (
            Enum.TryParse<Severity>(v.Severity, out var severity) ? severity : Severity.Unknown,
            layerOf.TryGetValue((v.PackageName, v.PackageVersion, v.PackagePath), out var layer) && baseLayers.Contains(layer))));
    }
}
