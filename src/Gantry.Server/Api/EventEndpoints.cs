using System.Globalization;
using System.Text.Json.Nodes;
using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Api;

/// <summary><c>/events</c> and <c>/event_types</c> (SERVICE.md §3).</summary>
public static class EventEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapGet("", (HttpContext http, IStateStore store) =>
        {
            var page = RequestInput.Int(http.Request, "page", 1, minimum: 1);
            var limit = RequestInput.Int(http.Request, "limit", 100, minimum: 1);
            var (results, total) = store.ListEvents(http.Caller().Account, Filter(http.Request), (page - 1) * limit, limit);
            return TypedResults.Ok(new EventPage(results.Select(Present).ToList(), page * limit < total, results.Count, page));
        });
        events.MapDelete("", (HttpContext http, IStateStore store) => TypedResults.Ok(store.DeleteEvents(http.Caller().Account, Filter(http.Request)).ToList()));
        events.MapGet("/{id}", (HttpContext http, string id, IStateStore store) =>
            TypedResults.Ok(Present(store.GetEvent(http.Caller().Account, id) ?? throw ApiException.NotFound("Event not found"))));
        events.MapDelete("/{id}", (HttpContext http, string id, IStateStore store) =>
            store.DeleteEvent(http.Caller().Account, id) ? TypedResults.Ok<JsonNode?>(null) : throw ApiException.NotFound("Event not found"));
        routes.MapGet("/event_types", () => TypedResults.Ok(EventTypes()));
    }

    private static EventFilter Filter(HttpRequest request)
    {
        var since = Time(request, "since");
        var before = Time(request, "before");
        if (since is not null && before is not null && since >= before)
        {
            throw ApiException.BadRequest("since must be earlier than before");
        }

        return new EventFilter
        {
            Level = RequestInput.Text(request, "level")?.ToLowerInvariant(),
            ResourceType = RequestInput.Text(request, "resource_type"),
            ResourceId = RequestInput.Text(request, "resource_id"),
            EventType = RequestInput.Text(request, "event_type"),
            SourceServiceName = RequestInput.Text(request, "source_servicename"),
            SourceHostId = RequestInput.Text(request, "source_hostid"),
            Since = since,
            Before = before,
        };
    }

    /// <summary>Any date dateutil would read from the clients: ISO 8601 or Python's <c>str(datetime)</c>; UTC unless an offset is given.</summary>
    private static DateTimeOffset? Time(HttpRequest request, string name)
    {
        var text = RequestInput.Text(request, name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw ApiException.BadRequest($"{name}: '{text}' is not a date and time");
    }

    private static EventResponse Present(EventRecord e)
    {
        var created = ImageCatalog.Iso(e.CreatedAt);
        return new EventResponse(e.Id, created, new EventBody(e.Type, e.Level, e.Message, JsonNode.Parse(e.DetailsJson), created,
            new EventResource(e.Account, e.ResourceType, e.ResourceId), new EventSourceBody(EventSource.ServiceName, EventSource.HostId, string.Empty, null)));
    }

    /// <summary>The categories of the events this service emits.</summary>
    private static JsonArray EventTypes()
    {
        var types = new[]
        {
            (Events.EventFactory.AnalysisCompleted, "Image analysis completed", "image_tag"),
            (Events.EventFactory.AnalysisFailed, "Image analysis failed", "image_tag"),
            (Events.EventFactory.RegistryLookupFailed, "Failed to lookup image in the registry", "image_reference"),
            (Events.EventFactory.PolicyActiveUpdated, "Active policy bundle updated", "policy_bundle"),
            (Events.EventFactory.FeedSyncCompleted, "Feed sync completed", "feeds"),
            (Events.EventFactory.ListTagsFailed, "Failed to list the tags of a watched repository", "repository"),
            (Events.EventFactory.TagDigestUpdated, "Tag updated to a new image digest", "image_tag"),
        };
        return new JsonArray(types.GroupBy(t => t.Item1.Split('.')[0]).Select(category => (JsonNode)new JsonObject
        {
            ["name"] = category.Key,
            ["description"] = category.Key == "user" ? "User-facing events" : "System events",
            ["subcategories"] = new JsonArray(category.GroupBy(t => t.Item1.Split('.')[1]).Select(sub => (JsonNode)new JsonObject
            {
                ["name"] = sub.Key,
                ["description"] = sub.Key,
                ["events"] = new JsonArray(sub.Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t.Item1[(t.Item1.IndexOf('.', StringComparison.Ordinal) + 1)..],
                    ["type"] = t.Item1,
                    ["message"] = t.Item2,
                    ["resource_type"] = t.Item3,
                }).ToArray()),
            }).ToArray()),
        }).ToArray());
    }
}
