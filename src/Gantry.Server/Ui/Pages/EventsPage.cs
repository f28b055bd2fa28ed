using System.Globalization;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Pages;

/// <summary>The account's events, newest first, a page at a time, optionally of one level (the query of <c>GET /events</c>).</summary>
public static class EventsPage
{
    private const int PageSize = 100;

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/events", (HttpContext http, IStateStore store) => UiRequest.RunAsync(http, request =>
        {
            var level = request.Query("level") is "info" or "error" ? request.Query("level") : null;
            var page = int.TryParse(request.Query("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var (events, total) = store.ListEvents(request.Caller.Account, new EventFilter { Level = level }, (page - 1) * PageSize, PageSize);
            return Task.FromResult(request.Render("Events", html =>
            {
                html.Element("form", () =>
                {
                    ImagesPage.Select(html, "level", "Level", [("info", "info"), ("error", "error")], level);
                    html.Element("button", "Filter", ("type", "submit"));
                }, ("method", "get"), ("action", UiPaths.Prefix + "/events"), ("class", "filters"));
                html.Element("p", $"{total} event(s)", ("role", "status"), ("class", "count"));
                ImagePage.Table(html, "Events", ["When", "Level", "Type", "Resource", "Message"], events, e =>
                {
                    html.Element("td", ImagesPage.When(e.CreatedAt));
                    html.Element("td", e.Level, ("class", e.Level));
                    html.Element("td", e.Type, ("class", "mono"));
                    html.Element("td", $"{e.ResourceType} {e.ResourceId}");
                    html.Element("td", e.Message);
                });
                if (page * PageSize < total)
                {
                    html.Link(UiPaths.Prefix + "/events" + UiPaths.Query(("level", level), ("page", (page + 1).ToString(CultureInfo.InvariantCulture))), "Older events",
                        ("rel", "next"));
                }
            }));
        }));
    }
}
