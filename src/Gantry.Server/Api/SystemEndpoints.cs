using System.Reflection;
using System.Text.Json.Nodes;
using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Notifications;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Api;

/// <summary>The open routes (<c>/</c>, <c>/health</c>, <c>/version</c>, <c>/swagger.json</c>) and <c>/system</c>.</summary>
public static class SystemEndpoints
{
    /// <summary>Anchore's services that clients wait for (<c>system wait --servicesready</c>): this one process is all of them.</summary>
    private static readonly string[] ServiceNames = ["apiext", "catalog", "policy_engine", "simplequeue", "analyzer"];

    private static readonly Lazy<byte[]> Swagger = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("swagger.json")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static string Version { get; } =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary><c>/health</c>, which every role serves (the probes of a deployment).</summary>
    public static void MapHealth(this IEndpointRouteBuilder routes) => routes.MapGet("/health", () => TypedResults.Ok());

    public static void MapSystem(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("", () => TypedResults.Ok("v1"));
        routes.MapGet("/version", (VulnerabilityDatabase database) =>
            TypedResults.Ok(new VersionResponse(new VersionEntry(Version), new VersionEntry("0.1.20"), new DbVersionEntry(DbVersion(database)))));
        routes.MapGet("/swagger.json", () => TypedResults.Bytes(Swagger.Value, "application/json"));
        routes.MapGet("/status", (VulnerabilityDatabase database) => TypedResults.Ok(Detail(database)));

        var system = routes.MapGroup("/system");
        system.MapGet("", (HttpContext http, VulnerabilityDatabase database) => TypedResults.Ok(new SystemStatus(Services(http, database))));
        system.MapGet("/services", (HttpContext http, VulnerabilityDatabase database) => TypedResults.Ok(new SystemStatus(Services(http, database)).ServiceStates.ToList()));
        system.MapGet("/services/{name}", (HttpContext http, string name, VulnerabilityDatabase database) =>
            TypedResults.Ok(Services(http, database).Where(s => s.ServiceName == name).ToList()));
        system.MapGet("/services/{name}/{host}", (HttpContext http, string name, string host, VulnerabilityDatabase database) =>
            TypedResults.Ok(Services(http, database).Where(s => s.ServiceName == name && s.HostId == host).ToList()));
        system.MapGet("/feeds", (VulnerabilityDatabase database) => TypedResults.Ok(Feeds(database)));
        system.MapPost("/feeds", async (HttpContext http, FeedSync feeds) =>
        {
            RequireAdmin(http, "sync feeds");
            return TypedResults.Ok(await feeds.SyncAsync(http.RequestAborted).ConfigureAwait(false));
        });
        system.MapPost("/webhooks/{type}/test", async (HttpContext http, string type, WebhookTests tests) =>
        {
            RequireAdmin(http, "test webhooks");
            var notificationType = RequestInput.Text(http.Request, "notification_type") ?? Subscriptions.TagUpdate;
            return TypedResults.Ok(await tests.SendAsync(http.Caller().Account, RequestInput.RouteValue(type), notificationType, http.RequestAborted)
                .ConfigureAwait(false));
        });
        system.MapGet("/error_codes", () => TypedResults.Ok(new JsonArray()));
        system.MapGet("/policy_spec", () => TypedResults.Ok(new JsonArray()));
    }

    private static void RequireAdmin(HttpContext http, string what)
    {
        if (!http.Caller().IsAdmin)
        {
            throw ApiException.Forbidden($"only an admin account may {what}");
        }
    }

    private static List<ServiceStatus> Services(HttpContext http, VulnerabilityDatabase database)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        var detail = Detail(database);
        return ServiceNames.Select(name => new ServiceStatus(name, EventSource.HostId, baseUrl, true, "available", detail)).ToList();
    }

    private static ServiceDetail Detail(VulnerabilityDatabase database) =>
        new(true, true, false, "all good", new JsonObject(), Version, DbVersion(database));

    private static string DbVersion(VulnerabilityDatabase database) => database.Current?.BuildId ?? "none";

    /// <summary>One feed, <c>vulnerabilities</c>; its groups are the database's sources.</summary>
    private static List<FeedResponse> Feeds(VulnerabilityDatabase database)
    {
        if (database.Current is not { } db)
        {
            return [new FeedResponse(FeedSync.FeedName, true, null, null, null, [])];
        }

        var built = db.Built is { } b ? ImageCatalog.Iso(b) : null;
        return [new FeedResponse(FeedSync.FeedName, true, built ?? ImageCatalog.Iso(database.LastChecked), built, ImageCatalog.Iso(database.LastChecked),
            db.Sources.Select(s => new FeedGroup(s.Name, true, ImageCatalog.Iso(s.Updated), s.Records)).ToList())];
    }
}
