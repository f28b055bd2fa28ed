using System.Collections.Concurrent;
using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Engine.Stored;
using Gantry.Server.Analysis;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Policies;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Queries;

/// <summary>One layer: its description, whether it belongs to the base image, and what it added.</summary>
public sealed record LayerView(LayerDescription Layer, bool InBase, IReadOnlyList<Package> Packages, IReadOnlyList<Finding> Findings);

/// <summary>What the image page shows of one analyzed image as one of its tags.</summary>
public sealed record ImageDetail(ImageRecord Image, ImageTagRecord Tag, AnalysisRecord Analysis, Sbom Sbom, string BaseImage, string BaseDeterminedBy,
    IReadOnlyList<LayerView> Layers, IReadOnlyList<Finding> Findings, EvaluationRecord? Evaluation, IReadOnlyList<EventRecord> Changes, SeverityCounts Counts)
{
    public bool HasDatabase { get; init; }

    /// <summary>The tag's re-checks of this image, oldest first.</summary>
    public IReadOnlyList<RecheckPoint> Rechecks { get; init; } = [];

    /// <summary>The webhook deliveries of the tag's notifications, newest first.</summary>
    public IReadOnlyList<DeliveryRecord> Deliveries { get; init; } = [];
}

/// <summary>One point of the findings-over-time chart: a re-check (or, before the first, the analysis) and its findings per severity.</summary>
public sealed record HistoryPoint(DateTimeOffset At, string What, SeverityCounts Counts);

/// <summary>
/// The image page's data, from the services the API uses: the record (<see cref="ImageCatalog"/>), the stored SBOM, the
/// engine's match of it against the current database (which carries each finding's layer, KEV and EPSS; cached per
/// digest and database build, as <see cref="VulnerabilityReports"/> caches its projection), the tag's policy
/// evaluation (<see cref="PolicyChecks"/>, evaluated once when none is stored), the tag's change events, its re-check
/// history and the deliveries of its notifications.
/// </summary>
public sealed class ImageDetails(ImageCatalog catalog, IStateStore store, AnalysisStore documents, VulnerabilityDatabase database, PolicyChecks checks)
{
    /// <summary>Pages seen recently; an SBOM match is milliseconds to seconds, a cached one nothing.</summary>
    private const int CachedImages = 64;

    /// <summary>The newest deliveries shown on the image page.</summary>
    private const int ShownDeliveries = 100;

    private readonly ConcurrentDictionary<(string Digest, string Build), IReadOnlyList<Finding>> _findings = new();

    public ImageDetail Get(string account, string digest, string? fullTag, CancellationToken cancellationToken)
    {
        var image = catalog.GetAnalyzed(account, digest);
        var tag = image.Tags.FirstOrDefault(t => t.FullTag == fullTag) ?? image.Tags[^1];
        var sbom = documents.LoadSbom(image.Digest);
        var findings = Findings(image.Digest, sbom, cancellationToken);
        var baseLayers = StoredImageOperations.BaseLayers(sbom);
        var packagesByLayer = sbom.Packages.Where(p => !p.IsRemoved).ToLookup(p => p.LayerDiffId, StringComparer.Ordinal);
        var findingsByLayer = findings.ToLookup(f => f.Package.LayerDiffId, StringComparer.Ordinal);
        var layers = sbom.Source.Layers.Select(l => new LayerView(l, baseLayers.Contains(l.DiffId), packagesByLayer[l.DiffId].ToList(), findingsByLayer[l.DiffId].ToList()))
            .ToList();
        var (baseImage, determinedBy) = DescribeBase(sbom.Source, baseLayers.Count);
        return new ImageDetail(image, tag, store.GetAnalysis(image.Digest)!, sbom, baseImage, determinedBy, layers, findings, Evaluation(image, tag.FullTag, cancellationToken),
            Changes(account, tag.FullTag),
            SeverityCounts.Of(findings.Where(f => f.FixState != FixState.WontFix).Select(f => (f.Vulnerability.Severity, baseLayers.Contains(f.Package.LayerDiffId)))))
        {
            HasDatabase = database.Current is not null,
            Rechecks = store.ListRecheckPoints(account, tag.FullTag).Where(p => p.Digest == image.Digest).ToList(),
            Deliveries = store.ListDeliveries(account, tag.FullTag, ShownDeliveries),
        };
    }

    /// <summary>Evaluates the tag with the account's active policy now (what <c>GET /images/{digest}/check</c> does) and returns the stored result.</summary>
    public EvaluationRecord? Evaluate(string account, string digest, string fullTag, CancellationToken cancellationToken)
    {
        checks.Check(account, digest, fullTag, null, detail: false, history: false, cancellationToken);
        return Newest(account, digest, fullTag);
    }

    private EvaluationRecord? Evaluation(ImageRecord image, string fullTag, CancellationToken cancellationToken) =>
        Newest(image.Account, image.Digest, fullTag)
        ?? (store.ListPolicies(image.Account).Any(p => p.Active) ? Evaluate(image.Account, image.Digest, fullTag, cancellationToken) : null);

    private EvaluationRecord? Newest(string account, string digest, string fullTag) => store.ListEvaluations(account, digest, fullTag) is [var newest, ..] ? newest : null;

    private IReadOnlyList<Finding> Findings(string digest, Sbom sbom, CancellationToken cancellationToken)
    {
        if (database.Current is not { } db)
        {
            return [];
        }

        if (_findings.Count >= CachedImages)
        {
            _findings.Clear();
        }

        return _findings.GetOrAdd((digest, db.BuildId), _ => StoredImageOperations.Match(sbom, db.Path, cancellationToken));
    }

    /// <summary>The tag's vulnerability and policy changes and digest updates, newest first: what was notified to its subscribers.</summary>
    private IReadOnlyList<EventRecord> Changes(string account, string fullTag) =>
        store.ListEvents(account, new EventFilter { ResourceType = "image_tag", ResourceId = fullTag, EventType = "user.checks.tag.*" }, 0, 200).Page;

    private static (string Name, string DeterminedBy) DescribeBase(ImageDescription image, int baseLayerCount)
    {
        var named = BaseImageName.Of(image);
        var name = named is null ? "unknown" : string.Join('@', new[] { named.Name, named.Digest }.Where(p => p is not null));
        var layers = baseLayerCount == 0
            ? "no base image layers could be told apart"
            : $"{baseLayerCount} base layer(s): those made before the base image's last CMD/ENTRYPOINT in the history";
        var source = named is null ? "the image names no base image" : $"named by the {BaseImageName.NameKey} annotation";
        return (name, $"{source}; {layers}");
    }

    /// <summary>
    /// Findings over time, oldest first: one point per re-check of the tag's image (stored by the re-check, changed or
    /// not); before its first re-check, one point for today's findings as of the analysis.
    /// </summary>
    public static IReadOnlyList<HistoryPoint> History(ImageDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return detail.Rechecks.Count == 0
            ? [new HistoryPoint(detail.Analysis.AnalyzedAt, "analysis (no re-check yet)", detail.Counts)]
            : detail.Rechecks.Select(p => new HistoryPoint(p.CheckedAt, $"re-check with database {p.DatabaseBuild}", SeverityCounts.FromJson(p.CountsJson))).ToList();
    }
}
