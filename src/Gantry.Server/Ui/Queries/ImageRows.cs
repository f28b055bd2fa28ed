using System.Collections.Concurrent;
using Gantry.Core;
using Gantry.Engine.Stored;
using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Queries;

/// <summary>One row of the images table: an image under one of its tags.</summary>
public sealed record ImageRow(ImageRecord Image, ImageTagRecord Tag, AnalysisRecord? Analysis, EvaluationRecord? Evaluation, SeverityCounts? Findings,
    DateTimeOffset? LastChecked)
{
    /// <summary>STOP, WARN or GO of the tag's newest evaluation; null when it was never evaluated.</summary>
    public string? PolicyResult => Evaluation?.FinalAction.ToUpperInvariant();
}

/// <summary>
/// The images table: the account's images from the store, the policy result of each tag's newest stored evaluation, and
/// the findings of the vulnerability report the API serves (<see cref="VulnerabilityReports"/>), split into base image
/// and application layers as <c>gantry scan</c> does (<see cref="StoredImageOperations.BaseLayers"/>). The split of a
/// (digest, database build) never changes, so it is computed once per process.
/// </summary>
public sealed class ImageRows(IStateStore store, VulnerabilityReports reports, VulnerabilityDatabase database, AnalysisStore documents)
{
    private readonly ConcurrentDictionary<(string Digest, string Build), SeverityCounts> _counts = new();

    /// <summary>Every active image of the account under each of its tags, without the per-row details (<see cref="Complete"/> adds them).</summary>
    public IReadOnlyList<ImageRow> List(string account) =>
        store.ListImages(account).Where(i => i.ImageStatus == ImageCatalog.Active)
            .SelectMany(i => i.Tags.Select(t => new ImageRow(i, t, null, null, null, null))).ToList();

    /// <summary>The row with its analysis, evaluation, findings and last re-check.</summary>
    public ImageRow Complete(ImageRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var image = row.Image;
        var analyzed = image.AnalysisStatus == ImageCatalog.Analyzed;
        var evaluations = store.ListEvaluations(image.Account, image.Digest, row.Tag.FullTag);
        var baseline = store.GetRecheckBaseline(image.Account, row.Tag.FullTag);
        return row with
        {
            Analysis = analyzed ? store.GetAnalysis(image.Digest) : null,
            Evaluation = evaluations.Count > 0 ? evaluations[0] : null,
            Findings = analyzed ? Counts(image.Digest, cancellationToken) : null,
            LastChecked = baseline?.Digest == image.Digest ? baseline.CheckedAt : image.AnalyzedAt,
        };
    }

    /// <summary>The counts for the current database (vendor "won't fix" findings left out, as the API's default <c>vendor_only</c> does); null without a database.</summary>
    public SeverityCounts? Counts(string digest, CancellationToken cancellationToken)
    {
        if (database.Current is not { } db)
        {
            return null;
        }

        return _counts.GetOrAdd((digest, db.BuildId), key =>
        {
            var items = reports.Get(key.Digest, cancellationToken).Where(v => !v.WillNotFix).ToList();
            if (items.Count == 0)
            {
                return SeverityCounts.Of([]);
            }

            var sbom = documents.LoadSbom(key.Digest);
            var baseLayers = StoredImageOperations.BaseLayers(sbom);
            var layerOf = sbom.Packages.Where(p => !p.IsRemoved)
                .GroupBy(p => (p.Name, p.Version, Path: p.Locations.Count > 0 ? p.Locations[0].Path : "None"))
                .ToDictionary(g => g.Key, g => g.First().LayerDiffId);
            return SeverityCounts.Of(items.Select(v => (
                Enum.TryParse<Severity>(v.Severity, out var severity) ? severity : Severity.Unknown,
                layerOf.TryGetValue((v.PackageName, v.PackageVersion, v.PackagePath), out var layer) && baseLayers.Contains(layer))));
        });
    }
}
