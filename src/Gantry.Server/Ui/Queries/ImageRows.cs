using System.Collections.Concurrent;
using Gantry.Core;
using Gantry.Engine.Stored;
using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Queries;

/// <summary>What a row of the images table is read with beyond its image record; a filter or sort reads only what it needs for every row.</summary>
[Flags]
public enum RowParts
{
    None = 0,
    Analysis = 1,
    Evaluation = 2,
    Findings = 4,
    LastChecked = 8,
    All = Analysis | Evaluation | Findings | LastChecked,
}

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

    /// <summary>The row with the <paramref name="parts"/> it does not have yet (each is one or two store reads).</summary>
    public ImageRow Complete(ImageRow row, RowParts parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var image = row.Image;
        var analyzed = image.AnalysisStatus == ImageCatalog.Analyzed;
        if (parts.HasFlag(RowParts.Analysis) && row.Analysis is null && analyzed)
        {
            row = row with { Analysis = store.GetAnalysis(image.Digest) };
        }

        if (parts.HasFlag(RowParts.Evaluation) && row.Evaluation is null && store.ListEvaluations(image.Account, image.Digest, row.Tag.FullTag) is [var newest, ..])
        {
            row = row with { Evaluation = newest };
        }

        if (parts.HasFlag(RowParts.Findings) && row.Findings is null && analyzed)
        {
            row = row with { Findings = Counts(image.Digest, cancellationToken) };
        }

        if (parts.HasFlag(RowParts.LastChecked) && row.LastChecked is null)
        {
            var baseline = store.GetRecheckBaseline(image.Account, row.Tag.FullTag);
            row = row with { LastChecked = baseline?.Digest == image.Digest ? baseline.CheckedAt : image.AnalyzedAt };
        }

        return row;
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
