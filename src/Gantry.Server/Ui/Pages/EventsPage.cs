using System.Globalization;
using Gantry.Server.Storage;

namespace Gantry.Server.Ui.Pages;

/// <summary>The account's events, newest first, a page at a time, optionally of one level (the query of <c>GET /events</c>).</summary>
public static class EventsPage
{
    private const int PageSize = 100;

    private const string Path = UiPaths.Prefix + "/events";

    public static void Map(RouteGroupBuilder ui)
    {
        ArgumentNullException.ThrowIfNull(ui);
        ui.MapGet("/events", (HttpContext http, IStateStore store) => UiRequest.RunAsync(http, request =>
        {
            var level = Level(request.Query("level"));
            var page = int.TryParse(request.Query("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var (events, total) = store.ListEvents(request.Caller.Account, new EventFilter { Level = level }, (page - 1) * PageSize, PageSize);
            return Task.FromResult(request.Render("Events", html =>
            {
                html.Element("form", () =>
                {
                    ImagesPage.Select(html, "level", "Level", [("info", "info"), ("error", "error")], level);
                    html.Element("button", "Filter", ("type", "submit"));
                }, ("method", "get"), ("action", Path), ("class", "filters"));
                html.Element("p", $"{total} event(s)", ("role", "status"), ("class", "count"));
                ImagePage.Table(html, "Events", ["When", "Level", "Type", "Resource", "Message", "Change"], events, e =>
                {
                    html.Element("td", ImagesPage.When(e.CreatedAt));
                    html.Element("td", e.Level, ("class", e.Level));
                    html.Element("td", e.Type, ("class", "mono"));
                    html.Element("td", $"{e.ResourceType} {e.ResourceId}");
                    html.Element("td", e.Message);
                    html.Element("td", () => request.Form(html, Path + "/delete", () =>
                    {
                        html.Open("input", ("type", "hidden"), ("name", "id"), ("value", e.Id));
                        html.Element("button", "Delete…", ("type", "submit"), ("class", "danger"), ("aria-label", $"Delete event {e.Id}"));
                    }, "inline"));
                });
                if (total > 0)
                {
                    request.Form(html, Path + "/delete", () =>
                    {
                        html.Open("input", ("type", "hidden"), ("name", "level"), ("value", level));
                        html.Element("button", level is null ? $"Delete all {total} events…" : $"Delete all {total} {level} events…", ("type", "submit"), ("class", "danger"));
                    }, "inline");
                }
                if (page * PageSize < total)
                {
                    html.Link(Path + UiPaths.Query(("level", level), ("page", (page + 1).ToString(CultureInfo.InvariantCulture))), "Older events",
                        ("rel", "next"));
                }
            }));
        }));
        // As DELETE /events/{id}, or DELETE /events?level=… for every event of the level (all of them without one).
        ui.MapPost("/events/delete", (HttpContext http, IStateStore store) => UiRequest.RunConfirmedAsync(http, Path,
            (_, form) => form["id"].ToString() is { Length: > 0 } id
                ? $"Delete event {id}?"
                : $"Delete every {Level(form["level"].ToString()) ?? "info and error"} event of the account?",
            (request, form) =>
            {
                var account = request.Caller.Account;
                if (form["id"].ToString() is { Length: > 0 } id)
                {
                    if (!store.DeleteEvent(account, id))
                    {
                        throw Api.ApiException.NotFound("Event not found");
                    }
                }
                else
                {
                    store.DeleteEvents(account, new EventFilter { Level = Level(form["level"].ToString()) });
                }

                return Task.FromResult(Results.Redirect(Path));
            }));
    }

    private static string? Level(string? level) => level is "info" or "error" ? level : null;
}
