using System.Text.Json.Nodes;
using Gantry.Engine;
using Gantry.Server.Images;
using Gantry.Server.Monitoring;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

/// <summary><c>/subscriptions</c> and <c>/repositories</c> (SERVICE.md §1, §2).</summary>
public static class SubscriptionEndpoints
{
    public static void MapSubscriptions(this IEndpointRouteBuilder routes)
    {
        var subscriptions = routes.MapGroup("/subscriptions");
        subscriptions.MapPost("", AddAsync);
        subscriptions.MapGet("", (HttpContext http, IStateStore store) => TypedResults.Ok(store.ListSubscriptions(http.Caller().Account,
            RequestInput.Text(http.Request, "subscription_key"), RequestInput.Text(http.Request, "subscription_type")).Select(Present).ToList()));
        subscriptions.MapGet("/{id}", (HttpContext http, string id, IStateStore store) =>
            TypedResults.Ok(new List<SubscriptionResponse> { Present(Get(store, http.Caller().Account, id)) }));
        subscriptions.MapPut("/{id}", UpdateAsync);
        subscriptions.MapDelete("/{id}", (HttpContext http, string id, IStateStore store) =>
        {
            store.DeleteSubscription(http.Caller().Account, id);
            return TypedResults.Ok(true);
        });
        routes.MapPost("/repositories", AddRepositoryAsync);
    }

    private static async Task<Ok<List<SubscriptionResponse>>> AddAsync(HttpContext http, IStateStore store, Subscriptions subscriptions, Baselines baselines)
    {
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.SubscriptionRequest).ConfigureAwait(false);
        if (body.Key is null || body.Type is null)
        {
            throw ApiException.Refused("subscription_key and subscription_type are required");
        }

        if (!Subscriptions.AllTypes.Contains(body.Type))
        {
            throw ApiException.BadRequest($"{body.Type} is not a supported subscription type");
        }

        var record = subscriptions.New(http.Caller().Account, body.Type, body.Key, body.Value, body.Active ?? true);
        if (!store.AddSubscription(record))
        {
            throw ApiException.Refused("subscription already exists in DB");
        }

        baselines.OnSubscriptionSaved(record, http.RequestAborted);
        return TypedResults.Ok(new List<SubscriptionResponse> { Present(record) });
    }

    private static async Task<Ok<List<SubscriptionResponse>>> UpdateAsync(HttpContext http, string id, IStateStore store, TimeProvider time, Baselines baselines)
    {
        var existing = Get(store, http.Caller().Account, id);
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.SubscriptionRequest).ConfigureAwait(false);
        var updated = existing with { Active = body.Active ?? existing.Active, Value = body.Value ?? existing.Value, LastUpdated = time.GetUtcNow() };
        store.UpdateSubscription(updated);
        baselines.OnSubscriptionSaved(updated, http.RequestAborted);
        return TypedResults.Ok(new List<SubscriptionResponse> { Present(updated) });
    }

    /// <summary><c>POST /repositories</c>: an active repo_update on <c>registry/repo</c>, after checking that its tags can be listed.</summary>
    private static async Task<Ok<List<SubscriptionResponse>>> AddRepositoryAsync(HttpContext http, IStateStore store, Subscriptions subscriptions,
        AccountRegistries registries, GantryEngine engine)
    {
        var account = http.Caller().Account;
        var repository = RequestInput.Text(http.Request, "repository") ?? throw ApiException.BadRequest("the repository parameter is required");
        var autosubscribe = RequestInput.Bool(http.Request, "autosubscribe", false);
        var dryrun = RequestInput.Bool(http.Request, "dryrun", false);
        IReadOnlyList<string> tags;
        try
        {
            var reference = AnchoreReference.Parse(repository);
            tags = await engine.Registry.ListTagsAsync($"{reference.Registry}/{reference.Repo}", registries.For(account, reference.Registry), http.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Core.GantryException or HttpRequestException)
        {
            throw ApiException.NotFound($"no tags could be added from input regrepo ({repository})");
        }

        var value = new JsonObject { ["autosubscribe"] = autosubscribe, ["lookuptag"] = "latest", ["tagcount"] = tags.Count }.ToJsonString();
        var record = subscriptions.New(account, Subscriptions.RepoUpdate, repository, value, active: !dryrun);
        if (!dryrun && !store.AddSubscription(record))
        {
            record = store.GetSubscription(account, record.Id)!;
        }

        return TypedResults.Ok(new List<SubscriptionResponse> { Present(record) });
    }

    private static SubscriptionRecord Get(IStateStore store, string account, string id) =>
        store.GetSubscription(account, id) ?? throw ApiException.NotFound($"subscription {id} not found");

    private static SubscriptionResponse Present(SubscriptionRecord s) =>
        new(s.Id, s.Account, s.Type, s.Key, s.Value, s.Active, s.CreatedAt.ToUnixTimeSeconds(), s.LastUpdated.ToUnixTimeSeconds());
}
