using System.Globalization;
using Gantry.Core;
using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Ui.Queries;

namespace Gantry.Server.Ui.Pages;

/// <summary>One image as one of its tags, in views: summary, layers, vulnerabilities, packages, policy and history.</summary>
public static class ImagePage
{
    private static readonly (string Key, string Label)[] Views =
        [("summary", "Summary"), ("layers", "Layers"), ("vulnerabilities", "Vulnerabilities"), ("packages", "Packages"), ("policy", "Policy"), ("history", "History")];

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/images/{digest}", (HttpContext http, string digest, ImageDetails details) =>
            UiRequest.RunAsync(http, request => Task.FromResult(Render(request, details.Get(request.Caller.Account, digest, request.Query("tag"), request.Aborted)))));
        ui.MapPost("/images/{digest}/evaluate", (HttpContext http, string digest, ImageDetails details) => UiRequest.RunFormAsync(http, (request, form) =>
        {
            var tag = form["tag"].ToString();
            details.Evaluate(request.Caller.Account, digest, tag, request.Aborted);
            return Task.FromResult(Results.Redirect(UiPaths.Image(digest, tag, "policy")));
        }));
        ui.MapPost("/images/{digest}/delete", (HttpContext http, string digest, ImageCatalog catalog) => UiRequest.RunConfirmedAsync(http, UiPaths.Image(digest),
            (_, form) => $"Delete image {digest}{(form["force"] == "on" ? " (forced)" : "")}? Its analysis is removed with it.",
            (request, form) =>
            {
                // As DELETE /images/{digest}: refused while it is analyzed or the latest of a watched tag, unless forced.
                var result = catalog.Delete(request.Caller.Account, digest, form["force"] == "on");
                return Task.FromResult(result.Status == ImageCatalog.Deleting
                    ? Results.Redirect(UiPaths.Images)
                    : request.Render("Not deleted", h => h.Element("p", $"{digest}: {result.Detail ?? result.Status}", ("class", "error"), ("role", "alert")),
                        result.Status == "not_found" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict));
            }));
    }

    private static IResult Render(UiRequest request, ImageDetail detail)
    {
        var view = Views.Any(v => v.Key == request.Query("view")) ? request.Query("view")! : "summary";
        var layerNumbers = detail.Layers.Select((l, i) => (l.Layer.DiffId, i + 1)).DistinctBy(l => l.DiffId).ToDictionary(l => l.DiffId, l => l.Item2, StringComparer.Ordinal);
        return request.Render(detail.Tag.FullTag, html =>
        {
            html.Element("p", () =>
            {
                html.Link(UiPaths.Images, "All images");
                html.Text(" · ");
                ImagesPage.PolicyBadge(html, detail.Evaluation?.FinalAction.ToUpperInvariant());
            }, ("class", "crumbs"));
            html.Element("nav", () => html.Element("ul", () =>
            {
                foreach (var (key, label) in Views)
                {
                    html.Element("li", () => html.Link(UiPaths.Image(detail.Image.Digest, detail.Tag.FullTag, key), label, ("aria-current", key == view ? "page" : null)));
                }
            }), ("class", "tabs"), ("aria-label", "Image views"));
            html.Element("section", () =>
            {
                switch (view)
                {
                    case "layers": Layers(html, detail); break;
                    case "vulnerabilities": Vulnerabilities(html, request, detail, layerNumbers); break;
                    case "packages": Packages(html, request, detail, layerNumbers); break;
                    case "policy": Policy(html, request, detail); break;
                    case "history": History(html, detail); break;
                    default: Summary(html, request, detail); break;
                }
            }, ("aria-label", Views.First(v => v.Key == view).Label));
        });
    }

    private static void Summary(Html html, UiRequest request, ImageDetail detail)
    {
        var analysis = detail.Analysis;
        var counts = detail.Counts;
        html.Element("dl", () =>
        {
            Fact(html, "Digest", detail.Image.Digest, "mono");
            Fact(html, "Image ID", detail.Image.ImageId, "mono");
            Fact(html, "Tags", string.Join(", ", detail.Image.Tags.Select(t => t.FullTag)));
            Fact(html, "Distro", analysis.Distro is null ? "unknown" : $"{analysis.Distro} {analysis.DistroVersion}");
            Fact(html, "Architecture", analysis.Architecture ?? "unknown");
            Fact(html, "Size", Size(analysis.ImageSize));
            Fact(html, "Layers", analysis.LayerCount.ToString(CultureInfo.InvariantCulture));
            Fact(html, "Packages", detail.Sbom.Packages.Count(p => !p.IsRemoved).ToString(CultureInfo.InvariantCulture));
            Fact(html, "Base image", detail.BaseImage);
            Fact(html, "Base image determined by", detail.BaseDeterminedBy);
            Fact(html, "Analyzed", ImagesPage.When(analysis.AnalyzedAt));
            html.Element("dt", "Findings in base image layers");
            html.Element("dd", () => ImagesPage.Counts(html, counts.Base, !detail.HasDatabase));
            html.Element("dt", "Findings in application layers");
            html.Element("dd", () => ImagesPage.Counts(html, counts.Application, !detail.HasDatabase));
        }, ("class", "facts"));
        if (!detail.HasDatabase)
        {
            html.Element("p", "The service has no vulnerability database yet: no findings can be shown ('gantry db update' makes one).", ("class", "note"));
        }

        html.Element("h2", "Delete");
        request.Form(html, UiPaths.Image(detail.Image.Digest) + "/delete", () =>
        {
            html.Element("label", () =>
            {
                html.Open("input", ("type", "checkbox"), ("name", "force"));
                html.Text(" force (also while it is analyzed, or when it is the latest image of a watched tag)");
            });
            html.Element("button", "Delete this image…", ("type", "submit"), ("class", "danger"));
        }, "stacked");
    }

    private static void Layers(Html html, ImageDetail detail)
    {
        html.Element("p", "What each layer added: the history line that made it, its packages and their findings. Base image layers are marked.", ("class", "note"));
        html.Element("ol", () =>
        {
            foreach (var layer in detail.Layers)
            {
                html.Element("li", () =>
                {
                    html.Element("h2", () =>
                    {
                        html.Text($"Layer {layer.Layer.Index + 1} ");
                        html.Element("span", layer.InBase ? "base image" : "application", ("class", "badge " + (layer.InBase ? "base" : "app")));
                    });
                    html.Element("p", layer.Layer.CreatedBy ?? "(no history line)", ("class", "mono history"));
                    html.Element("p", $"{layer.Layer.DiffId} · {Size(layer.Layer.Size)} compressed", ("class", "mono small"));
                    Disclosure(html, $"{layer.Packages.Count} package(s) added", () => html.Element("ul", () =>
                    {
                        foreach (var package in layer.Packages.OrderBy(p => p.Name, StringComparer.Ordinal))
                        {
                            html.Element("li", $"{package.Name} {package.Version} ({package.Type.ToWireName()})");
                        }
                    }));
                    Disclosure(html, $"{layer.Findings.Count} finding(s)", () => html.Element("ul", () =>
                    {
                        foreach (var finding in layer.Findings.OrderByDescending(f => f.Vulnerability.Severity))
                        {
                            html.Element("li", $"{finding.Vulnerability.Id} ({finding.Vulnerability.Severity}) in {finding.Package.Name} {finding.Package.Version}");
                        }
                    }));
                }, ("class", "layer"));
            }
        }, ("class", "layers"));
    }

    private static void Vulnerabilities(Html html, UiRequest request, ImageDetail detail, Dictionary<string, int> layers)
    {
        var severity = Enum.TryParse<Severity>(request.Query("severity"), ignoreCase: true, out var s) ? s : (Severity?)null;
        ViewFilter(html, detail, "vulnerabilities", () =>
            ImagesPage.Select(html, "severity", "Severity", SeverityCounts.Shown.Select(v => (v.ToString(), v.ToString())), severity?.ToString()));
        var shown = detail.Findings.Where(f => severity is null || f.Vulnerability.Severity == severity)
            .OrderByDescending(f => f.Vulnerability.Severity).ThenBy(f => f.Vulnerability.Id, StringComparer.Ordinal).ToList();
        html.Element("p", $"{shown.Count} finding(s)", ("role", "status"), ("class", "count"));
        Table(html, "Vulnerabilities", ["Vulnerability", "Severity", "Package", "Installed", "Fixed in", "Layer", "KEV", "EPSS", "Status"], shown, finding =>
        {
            var vulnerability = finding.Vulnerability;
            html.Element("th", () => html.Link(vulnerability.References.Count > 0 ? vulnerability.References[0] : string.Empty, vulnerability.Id), ("scope", "row"));
            html.Element("td", () => html.Element("span", vulnerability.Severity.ToString(), ("class", "sev " + vulnerability.Severity.ToString().ToLowerInvariant())));
            html.Element("td", finding.Package.Name);
            html.Element("td", finding.Package.Version, ("class", "mono"));
            html.Element("td", finding.FixedVersions.Count > 0 ? string.Join(", ", finding.FixedVersions) : "not fixed", ("class", "mono"));
            html.Element("td", LayerLabel(detail, layers, finding.Package.LayerDiffId));
            html.Element("td", vulnerability.Kev ? "yes" : "–");
            html.Element("td", vulnerability.Epss?.ToString("0.###", CultureInfo.InvariantCulture) ?? "–");
            html.Element("td", finding.FixState == FixState.WontFix ? "suppressed (vendor won't fix)" : "active");
        });
    }

    private static void Packages(Html html, UiRequest request, ImageDetail detail, Dictionary<string, int> layers)
    {
        var packages = detail.Sbom.Packages.Where(p => !p.IsRemoved).ToList();
        var type = request.Query("type");
        ViewFilter(html, detail, "packages", () =>
            ImagesPage.Select(html, "type", "Type", packages.Select(p => p.Type.ToWireName()).Distinct().Order(StringComparer.Ordinal).Select(t => (t, t)), type));
        var shown = packages.Where(p => type is null || p.Type.ToWireName() == type).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        html.Element("p", $"{shown.Count} package(s)", ("role", "status"), ("class", "count"));
        Table(html, "Packages", ["Package", "Version", "Type", "Layer", "Location"], shown, package =>
        {
            html.Element("th", package.Name, ("scope", "row"));
            html.Element("td", package.Version, ("class", "mono"));
            html.Element("td", package.Type.ToWireName());
            html.Element("td", LayerLabel(detail, layers, package.LayerDiffId));
            html.Element("td", package.Locations.Count > 0 ? package.Locations[0].Path : "–", ("class", "mono"));
        });
    }

    private static void Policy(Html html, UiRequest request, ImageDetail detail)
    {
        if (detail.Evaluation is not { } evaluation)
        {
            html.Element("p", "Not evaluated: the account has no active policy bundle.");
            return;
        }

        html.Element("p", () =>
        {
            html.Text($"Policy {evaluation.PolicyId}, evaluated {ImagesPage.When(evaluation.CreatedAt)}: ");
            ImagesPage.PolicyBadge(html, evaluation.FinalAction.ToUpperInvariant());
        });
        request.Form(html, UiPaths.Image(detail.Image.Digest) + "/evaluate", () =>
        {
            html.Open("input", ("type", "hidden"), ("name", "tag"), ("value", detail.Tag.FullTag));
            html.Element("button", "Evaluate again", ("type", "submit"));
        }, "inline");
        Table(html, "Policy evaluation", ["Gate", "Trigger", "Trigger ID (to allowlist)", "Check output", "Action", "Allowlisted", "Policy"], PolicyTable.Read(evaluation), row =>
        {
            html.Element("th", row.Gate, ("scope", "row"));
            html.Element("td", row.Trigger);
            html.Element("td", row.TriggerId, ("class", "mono"));
            html.Element("td", row.CheckOutput);
            html.Element("td", () => ImagesPage.PolicyBadge(html, row.Action));
            html.Element("td", row.Allowlisted);
            html.Element("td", row.PolicyId, ("class", "mono"));
        });
    }

    private static void History(Html html, ImageDetail detail)
    {
        var points = ImageDetails.History(detail);
        html.Element("h2", "Findings over time");
        FindingsChart.Write(html, points.Select(p => (p.At, p.Counts.Total())).ToList());
        Table(html, "Re-checks", ["When", "Check", .. SeverityCounts.Shown.Select(s => s.ToString())], points.Reverse().ToList(), point =>
        {
            html.Element("th", ImagesPage.When(point.At), ("scope", "row"));
            html.Element("td", point.What, ("class", "mono"));
            foreach (var severity in SeverityCounts.Shown)
            {
                html.Element("td", point.Counts.Total(severity).ToString(CultureInfo.InvariantCulture));
            }
        });
        html.Element("h2", "Notifications sent");
        html.Element("p", "Each webhook delivery of this tag's notifications (one per configured URL): whether it arrived, after how many attempts.", ("class", "note"));
        Table(html, "Notifications sent", ["Queued", "Type", "Notification", "Endpoint", "Status", "Attempts", "Last change", "Last error"], detail.Deliveries, delivery =>
        {
            html.Element("th", ImagesPage.When(delivery.CreatedAt), ("scope", "row"));
            html.Element("td", delivery.Type, ("class", "mono"));
            html.Element("td", delivery.NotificationId, ("class", "mono"));
            html.Element("td", Endpoint(delivery.Url), ("class", "mono"));
            html.Element("td", () => html.Element("span", delivery.State, ("class", "badge " + delivery.State)));
            html.Element("td", delivery.Attempts.ToString(CultureInfo.InvariantCulture));
            html.Element("td", ImagesPage.When(delivery.UpdatedAt));
            html.Element("td", delivery.LastError ?? "–");
        });
        html.Element("h2", "Changes detected");
        html.Element("p", "Vulnerability, policy and digest changes of this tag (its user.checks.tag.* events).", ("class", "note"));
        Table(html, "Changes", ["When", "Change", "Message"], detail.Changes, change =>
        {
            html.Element("td", ImagesPage.When(change.CreatedAt));
            html.Element("td", change.Type, ("class", "mono"));
            html.Element("td", change.Message);
        });
    }

    /// <summary>Where a delivery went, as scheme, host and port only: a webhook URL's path, query or user part may hold its token.</summary>
    private static string Endpoint(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}" : "(not a URL)";

    /// <summary>A GET form that keeps the image, tag and view, with the filter <paramref name="fields"/> writes.</summary>
    private static void ViewFilter(Html html, ImageDetail detail, string view, Action fields) =>
        html.Element("form", () =>
        {
            html.Open("input", ("type", "hidden"), ("name", "tag"), ("value", detail.Tag.FullTag));
            html.Open("input", ("type", "hidden"), ("name", "view"), ("value", view));
            fields();
            html.Element("button", "Filter", ("type", "submit"));
        }, ("method", "get"), ("action", UiPaths.Image(detail.Image.Digest)), ("class", "filters"));

    /// <summary>A table of <paramref name="rows"/> with a caption for screen readers; "none" when empty.</summary>
    public static void Table<T>(Html html, string caption, IReadOnlyList<string> headings, IReadOnlyList<T> rows, Action<T> cells)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(cells);
        if (rows.Count == 0)
        {
            html.Element("p", $"{caption}: none.");
            return;
        }

        html.Element("div", () => html.Element("table", () =>
        {
            html.Element("caption", caption, ("class", "visually-hidden"));
            html.Element("thead", () => html.Element("tr", () =>
            {
                foreach (var heading in headings)
                {
                    html.Element("th", heading, ("scope", "col"));
                }
            }));
            html.Element("tbody", () =>
            {
                foreach (var row in rows)
                {
                    html.Element("tr", () => cells(row));
                }
            });
        }), ("class", "scroll"));
    }

    private static void Fact(Html html, string name, string value, string? cssClass = null)
    {
        html.Element("dt", name);
        html.Element("dd", value, ("class", cssClass));
    }

    private static void Disclosure(Html html, string summary, Action content) =>
        html.Element("details", () =>
        {
            html.Element("summary", summary);
            content();
        });

    private static string LayerLabel(ImageDetail detail, Dictionary<string, int> layers, string diffId) =>
        layers.TryGetValue(diffId, out var number) ? $"{number} ({(detail.Layers[number - 1].InBase ? "base" : "app")})" : "–";

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024.0 * 1024.0):0.0} MiB",
        >= 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
