using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Queries;

/// <summary>What a row of the images table is read with beyond its image record and counts; a filter or sort reads only what it needs for every row.</summary>
[Flags]
public enum RowParts
{
    None = 0,
    Analysis = 1,
    Evaluation = 2,
    LastChecked = 8,
    All = Analysis | Evaluation | LastChecked,
}

/// <summary>
/// One row of the images table: an image under one of its tags. <see cref="Findings"/> are the stored counts (null:
/// not counted yet); <see cref="FindingsAreCurrent"/> is false while they are an earlier database's.
/// </summary>
public sealed record ImageRow(ImageRecord Image, ImageTagRecord Tag, AnalysisRecord? Analysis, EvaluationRecord? Evaluation, SeverityCounts? Findings,
    DateTimeOffset? LastChecked)
{
    public bool FindingsAreCurrent { get; init; }

    /// <summary>STOP, WARN or GO of the tag's newest evaluation; null when it was never evaluated.</summary>
    public string? PolicyResult => Evaluation?.FinalAction.ToUpperInvariant();
}

/// <summary>
/// The images table: the account's images from the store, the policy result of each tag's newest stored evaluation, and
/// the findings counts stored per digest (<see cref="FindingCounts"/>), read for every row in one query. The table never
/// matches an SBOM itself: an image not counted against the database in use yet shows its earlier counts, marked.
/// </summary>
public sealed class ImageRows(IStateStore store, FindingCounts counts)
{
    /// <summary>Every active image of the account under each of its tags, with its counts; <see cref="Complete"/> adds the other parts.</summary>
    public IReadOnlyList<ImageRow> List(string account)
    {
        var stored = counts.Stored(account);
        return store.ListImages(account).Where(i => i.ImageStatus == ImageCatalog.Active)
            .SelectMany(i =>
            {
                var found = i.AnalysisStatus == ImageCatalog.Analyzed ? stored.GetValueOrDefault(i.Digest) : null;
                return i.Tags.Select(t => new ImageRow(i, t, null, null, found?.Counts, null) { FindingsAreCurrent = found?.IsCurrent ?? false });
            }).ToList();
    }

    /// <summary>The row with the <paramref name="parts"/> it does not have yet (each is one or two store reads).</summary>
    public ImageRow Complete(ImageRow row, RowParts parts)
    {
        ArgumentNullException.ThrowIfNull(row);
        var image = row.Image;
        if (parts.HasFlag(RowParts.Analysis) && row.Analysis is null && image.AnalysisStatus == ImageCatalog.Analyzed)
        {
            row = row with { Analysis = store.GetAnalysis(image.Digest) };
        }

        if (parts.HasFlag(RowParts.Evaluation) && row.Evaluation is null && store.ListEvaluations(image.Account, image.Digest, row.Tag.FullTag) is [var newest, ..])
        {
            row = row with { Evaluation = newest };
        }

        if (parts.HasFlag(RowParts.LastChecked) && row.LastChecked is null)
        {
            var baseline = store.GetRecheckBaseline(image.Account, row.Tag.FullTag);
            row = row with { LastChecked = baseline?.Digest == image.Digest ? baseline.CheckedAt : image.AnalyzedAt };
        }

        return row;
    }
}
