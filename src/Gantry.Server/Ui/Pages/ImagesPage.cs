using System.Globalization;
using Gantry.Core;
using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Ui.Queries;

namespace Gantry.Server.Ui.Pages;

/// <summary>
/// The images table: search, sort, filters (policy result, severity, tag) and paging are query parameters, so every
/// view is a link and the server sends one page of rows. Rows are completed (evaluation, findings) only for the page
/// shown unless a filter or the sort needs them all.
/// </summary>
public static class ImagesPage
{
    public const int PageSize = 50;

    private static readonly string[] Policies = ["STOP", "WARN", "GO", "none"];

    private static readonly string[] Headings = ["Image", "Digest", "Analysis", "Policy", "Base image findings", "Application findings", "Last re-check"];

    private static readonly (string Key, string Label)[] Sorts =
        [("tag", "Tag"), ("analyzed", "Analyzed"), ("policy", "Policy"), ("severity", "Severity"), ("checked", "Last re-check")];

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/images", (HttpContext http, ImageRows rows, VulnerabilityDatabase database) =>
            UiRequest.RunAsync(http, request => Task.FromResult(Render(request, rows, database))));
        ui.MapPost("/images", (HttpContext http, ImageCatalog catalog) => UiRequest.RunFormAsync(http, async (request, form) =>
        {
            var addition = new ImageAddition(Api.ImageEndpoints.ReferenceOf(new Api.ImageAddRequest { Tag = form["tag"].ToString().Trim() }), null, null,
                form["autosubscribe"] == "on", Force: false);
            var image = await catalog.AddAsync(request.Caller.Account, addition, request.Aborted).ConfigureAwait(false);
            return Results.Redirect(UiPaths.Image(image.Digest, addition.Reference.FullTag));
        }));
    }

    private static IResult Render(UiRequest request, ImageRows rows, VulnerabilityDatabase database)
    {
        var filter = ImageFilter.From(request);
        var all = rows.List(request.Caller.Account);
        var tags = all.Select(r => r.Tag.Tag).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var matching = all.Where(filter.MatchesText).ToList();
        if (filter.Needs != RowParts.None)
        {
            // Each row is independent store and document reads: read them side by side.
            matching = matching.AsParallel().AsOrdered().WithCancellation(request.Aborted).Select(r => rows.Complete(r, filter.Needs))
                .Where(filter.MatchesDetails).ToList();
        }

        var sorted = filter.Sort(matching);
        var pages = Math.Max(1, (sorted.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);
        var shown = sorted.Skip((page - 1) * PageSize).Take(PageSize).AsParallel().AsOrdered().Select(r => rows.Complete(r, RowParts.All)).ToList();
        return request.Render("Images", html =>
        {
            Filters(html, filter, tags);
            html.Element("p", $"{sorted.Count} of {all.Count} image tags", ("class", "count"), ("role", "status"));
            if (all.Any(r => r.Image.AnalysisStatus == ImageCatalog.Analyzed && !r.FindingsAreCurrent) && database.Current is not null)
            {
                html.Element("p", "Findings are being counted against the new vulnerability database; images not counted yet show their earlier counts (marked *).",
                    ("class", "note"));
            }
            Table(html, filter, shown);
            Pager(html, filter, page, pages);
            AddForm(html, request);
        });
    }

    private static void Filters(Html html, ImageFilter filter, IReadOnlyList<string> tags)
    {
        html.Element("form", () =>
        {
            html.Element("label", "Search", ("for", "q"));
            html.Open("input", ("id", "q"), ("name", "q"), ("type", "search"), ("value", filter.Text), ("placeholder", "tag or digest"));
            Select(html, "policy", "Policy", Policies.Select(p => (p, p)), filter.Policy);
            Select(html, "severity", "Severity at least", SeverityCounts.Shown.Select(s => (s.ToString(), s.ToString())), filter.Severity?.ToString());
            Select(html, "tag", "Tag", tags.Select(t => (t, t)), filter.Tag);
            Select(html, "sort", "Sort by", Sorts, filter.SortKey, any: null);
            html.Element("button", "Apply", ("type", "submit"));
        }, ("method", "get"), ("action", UiPaths.Images), ("class", "filters"), ("role", "search"));
    }

    /// <summary>A labelled select; <paramref name="any"/> is the label of the empty choice (null: no empty choice).</summary>
    public static void Select(Html html, string name, string label, IEnumerable<(string Value, string Label)> options, string? selected, string? any = "any")
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Element("label", label, ("for", name));
        html.Element("select", () =>
        {
            if (any is not null)
            {
                html.Element("option", any, ("value", ""));
            }

            foreach (var (value, text) in options)
            {
                html.Element("option", text, ("value", value), ("selected", value == selected ? "" : null));
            }
        }, ("id", name), ("name", name), ("data-autosubmit", ""));
    }

    private static void Table(Html html, ImageFilter filter, List<ImageRow> rows)
    {
        html.Element("div", () => html.Element("table", () =>
        {
            html.Element("caption", "Images, their policy result and findings by severity (base image layers / application layers)", ("class", "visually-hidden"));
            html.Element("thead", () => html.Element("tr", () =>
            {
                foreach (var heading in Headings)
                {
                    html.Element("th", heading, ("scope", "col"));
                }
            }));
            html.Element("tbody", () =>
            {
                foreach (var row in rows)
                {
                    html.Element("tr", () =>
                    {
                        html.Element("th", () => html.Link(UiPaths.Image(row.Image.Digest, row.Tag.FullTag), row.Tag.FullTag), ("scope", "row"));
                        html.Element("td", Short(row.Image.Digest), ("class", "mono"), ("title", row.Image.Digest));
                        html.Element("td", row.Image.AnalysisStatus);
                        html.Element("td", () => PolicyBadge(html, row.PolicyResult));
                        html.Element("td", () => RowCounts(html, row, row.Findings?.Base));
                        html.Element("td", () => RowCounts(html, row, row.Findings?.Application));
                        html.Element("td", When(row.LastChecked));
                    });
                }
            });
        }), ("class", "scroll"));
        if (rows.Count == 0)
        {
            html.Element("p", filter.IsEmpty ? "No images yet: add one below." : "No image matches these filters.");
        }
    }

    /// <summary>A row's counts: "–" before analysis, "counting…" before its first count, an earlier database's counts marked with *.</summary>
    private static void RowCounts(Html html, ImageRow row, IReadOnlyDictionary<Severity, int>? counts)
    {
        if (row.Image.AnalysisStatus == ImageCatalog.Analyzed && row.Findings is null)
        {
            html.Element("span", "counting…", ("class", "note"));
            return;
        }

        Counts(html, counts, row.Findings is null);
        if (row.Findings is not null && !row.FindingsAreCurrent)
        {
            html.Element("span", "*", ("title", "counted against an earlier vulnerability database"), ("class", "note"));
        }
    }

    public static void PolicyBadge(Html html, string? result)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Element("span", result ?? "not evaluated", ("class", "badge " + (result?.ToLowerInvariant() ?? "none")));
    }

    /// <summary>Non-zero counts as severity badges; "none" when there are none; "–" when unknown (not analyzed, no database).</summary>
    public static void Counts(Html html, IReadOnlyDictionary<Severity, int>? counts, bool unknown)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (unknown || counts is null)
        {
            html.Text("–");
            return;
        }

        var present = SeverityCounts.Shown.Where(s => counts.GetValueOrDefault(s) > 0).ToList();
        if (present.Count == 0)
        {
            html.Text("none");
            return;
        }

        foreach (var severity in present)
        {
            html.Element("span", $"{counts[severity]} {severity}", ("class", "sev " + severity.ToString().ToLowerInvariant()));
        }
    }

    private static void Pager(Html html, ImageFilter filter, int page, int pages)
    {
        if (pages == 1)
        {
            return;
        }

        html.Element("nav", () =>
        {
            if (page > 1)
            {
                html.Link(UiPaths.Images + filter.QueryFor(page - 1), "Previous", ("rel", "prev"));
            }

            html.Element("span", $"page {page} of {pages}");
            if (page < pages)
            {
                html.Link(UiPaths.Images + filter.QueryFor(page + 1), "Next", ("rel", "next"));
            }
        }, ("class", "pager"), ("aria-label", "Pages"));
    }

    private static void AddForm(Html html, UiRequest request)
    {
        html.Element("h2", "Add an image", ("id", "add"));
        request.Form(html, UiPaths.Images, () =>
        {
            html.Element("label", "Tag (registry/repository:tag)", ("for", "add-tag"));
            html.Open("input", ("id", "add-tag"), ("name", "tag"), ("required", ""), ("placeholder", "docker.io/library/debian:12"));
            html.Element("label", () =>
            {
                html.Open("input", ("type", "checkbox"), ("name", "autosubscribe"));
                html.Text(" watch the tag for new digests (tag_update)");
            });
            html.Element("button", "Add and analyze", ("type", "submit"));
        }, "stacked");
    }

    public static string Short(string digest) => digest.Length > 19 ? digest[..19] + "…" : digest;

    public static string When(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "–";
}
