using System.Globalization;
using Gantry.Core;
using Gantry.Server.Ui.Queries;

namespace Gantry.Server.Ui.Pages;

/// <summary>The images table's query: <c>q</c>, <c>policy</c>, <c>severity</c>, <c>tag</c>, <c>sort</c> and <c>page</c>.</summary>
public sealed record ImageFilter(string? Text, string? Policy, Severity? Severity, string? Tag, string SortKey, int Page)
{
    public static ImageFilter From(UiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ImageFilter(
            request.Query("q"),
            request.Query("policy"),
            Enum.TryParse<Severity>(request.Query("severity"), ignoreCase: true, out var severity) ? severity : null,
            request.Query("tag"),
            request.Query("sort") ?? "tag",
            int.TryParse(request.Query("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 1);
    }

    public bool IsEmpty => Text is null && Policy is null && Severity is null && Tag is null;

    /// <summary>What every matching row must be read with before the page can be cut (the page's own rows are then read whole).</summary>
    public RowParts Needs =>
        (Policy is not null || SortKey == "policy" ? RowParts.Evaluation : RowParts.None)
        | (SortKey == "checked" ? RowParts.LastChecked : RowParts.None);

    public bool MatchesText(ImageRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Text is null || row.Tag.FullTag.Contains(Text, StringComparison.OrdinalIgnoreCase) || row.Image.Digest.Contains(Text, StringComparison.OrdinalIgnoreCase))
            && (Tag is null || row.Tag.Tag == Tag);
    }

    public bool MatchesDetails(ImageRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Policy is null || (row.PolicyResult ?? "none") == Policy)
            && (Severity is not { } least || row.Findings?.AtOrAbove(least) > 0);
    }

    public IReadOnlyList<ImageRow> Sort(IEnumerable<ImageRow> rows) => SortKey switch
    {
        "analyzed" => rows.OrderByDescending(r => r.Image.AnalyzedAt).ThenBy(r => r.Tag.FullTag, StringComparer.Ordinal).ToList(),
        "policy" => rows.OrderBy(r => r.PolicyResult switch { "STOP" => 0, "WARN" => 1, "GO" => 2, _ => 3 }).ThenBy(r => r.Tag.FullTag, StringComparer.Ordinal).ToList(),
        "severity" => rows.OrderByDescending(r => r.Findings?.Worst ?? (Severity?)null).ThenByDescending(r => r.Findings is { } f && f.Worst is { } w ? f.Total(w) : 0)
            .ThenBy(r => r.Tag.FullTag, StringComparer.Ordinal).ToList(),
        "checked" => rows.OrderByDescending(r => r.LastChecked).ThenBy(r => r.Tag.FullTag, StringComparer.Ordinal).ToList(),
        _ => rows.OrderBy(r => r.Tag.FullTag, StringComparer.Ordinal).ThenByDescending(r => r.Tag.TagDetectedAt).ToList(),
    };

    /// <summary>This query on another page.</summary>
    public string QueryFor(int page) =>
        UiPaths.Query(("q", Text), ("policy", Policy), ("severity", Severity?.ToString()), ("tag", Tag), ("sort", SortKey),
            ("page", page.ToString(CultureInfo.InvariantCulture)));
}
