using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Engine;
using Gantry.Server.Analysis;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

/// <summary><c>/policies</c>: add, list, get, activate/update and delete, with the engine's refusals (SERVICE.md §4).</summary>
public static class PolicyEndpoints
{
    public static void MapPolicies(this IEndpointRouteBuilder routes)
    {
        var policies = routes.MapGroup("/policies");
        policies.MapPost("", AddAsync);
        policies.MapGet("", (HttpContext http, IStateStore store) =>
        {
            var detail = RequestInput.Bool(http.Request, "detail", false);
            return TypedResults.Ok(store.ListPolicies(http.Caller().Account).Select(p => Present(p, detail)).ToList());
        });
        policies.MapGet("/{policyId}", (HttpContext http, string policyId, IStateStore store) =>
            TypedResults.Ok(new List<PolicyResponse> { Present(Get(store, http.Caller().Account, policyId), RequestInput.Bool(http.Request, "detail", true)) }));
        policies.MapPut("/{policyId}", UpdateAsync);
        policies.MapDelete("/{policyId}", (HttpContext http, string policyId, IStateStore store) =>
        {
            Delete(store, http.Caller().Account, policyId);
            return TypedResults.Ok();
        });
    }

    /// <summary>Deletes an inactive bundle (the web UI's delete too); the active one is refused.</summary>
    internal static void Delete(IStateStore store, string account, string policyId)
    {
        var policy = Get(store, account, policyId);
        if (policy.Active)
        {
            throw ApiException.Refused("cannot delete an active policy - activate a different policy then delete this one");
        }

        store.DeletePolicy(policy.Account, policy.PolicyId);
    }

    private static async Task<Ok<PolicyResponse>> AddAsync(HttpContext http, IStateStore store, GantryEngine engine)
    {
        var bundle = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.JsonObject).ConfigureAwait(false);
        return TypedResults.Ok(Present(Add(store, engine, http.Caller().Account, bundle), detail: true));
    }

    /// <summary>Stores the bundle, inactive, after the engine's validation (the web UI's upload too).</summary>
    internal static PolicyRecord Add(IStateStore store, GantryEngine engine, string account, JsonObject bundle)
    {
        if (bundle["id"] is null)
        {
#pragma warning disable CA5351 // the engine names id-less bundles by md5: an identifier, not security
            bundle["id"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{account}:{bundle["name"]?.ToString()}")));
#pragma warning restore CA5351
        }

        var policyId = Validate(engine, bundle);
        if (store.GetPolicy(account, policyId) is not null)
        {
            throw ApiException.Refused($"policy {policyId} already exists in DB");
        }

        var now = engine.Clock.GetUtcNow();
        var record = new PolicyRecord(account, policyId, false, bundle["name"]?.ToString(), bundle["comment"]?.ToString(), bundle.ToJsonString(), now, now);
        store.AddPolicy(record);
        return record;
    }

    private static async Task<Ok<List<PolicyResponse>>> UpdateAsync(HttpContext http, string policyId, IStateStore store, EventFactory events, GantryEngine engine)
    {
        var existing = Get(store, http.Caller().Account, policyId);
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.PolicyUpdateRequest).ConfigureAwait(false);
        if (body.PolicyId is not null && body.PolicyId != policyId)
        {
            throw ApiException.Refused($"policyId in the body ({body.PolicyId}) does not match the one in the path ({policyId})");
        }

        var active = body.Active ?? existing.Active;
        if (existing.Active && !active)
        {
            throw ApiException.Refused("cannot deactivate an active policy - can only activate an inactive policy");
        }

        var bundleJson = existing.BundleJson;
        if (body.PolicyBundle is { } bundle)
        {
            Validate(engine, bundle);
            bundleJson = bundle.ToJsonString();
        }

        var updated = Save(store, events, existing, existing with { Active = active, BundleJson = bundleJson, LastUpdated = engine.Clock.GetUtcNow() });
        return TypedResults.Ok(new List<PolicyResponse> { Present(updated, detail: true) });
    }

    /// <summary>Stores the update; an activation (which deactivates the previously active bundle) is an event (the web UI's activation too).</summary>
    internal static PolicyRecord Save(IStateStore store, EventFactory events, PolicyRecord existing, PolicyRecord updated)
    {
        store.UpdatePolicy(updated);
        if (updated.Active && !existing.Active)
        {
            store.AddEvent(events.PolicyActivated(existing.Account, existing.PolicyId));
        }

        return updated;
    }

    /// <summary>The bundle's id when the engine can load it; otherwise 400 <c>Bundle failed validation</c>.</summary>
    private static string Validate(GantryEngine engine, JsonObject bundle)
    {
        var validation = engine.Policy.ValidateText(bundle.ToJsonString());
        if (!validation.IsValid || bundle["id"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            var details = new JsonArray(validation.ErrorMessages.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
            throw ApiException.BadRequest("Bundle failed validation", new JsonObject { ["validation_details"] = details, ["error_codes"] = new JsonArray() });
        }

        return bundle["id"]!.GetValue<string>();
    }

    private static PolicyRecord Get(IStateStore store, string account, string policyId) =>
        store.GetPolicy(account, policyId) ?? throw ApiException.NotFound($"Policy bundle {policyId} not found in DB");

    private static PolicyResponse Present(PolicyRecord policy, bool detail) => new()
    {
        PolicyId = policy.PolicyId,
        Active = policy.Active,
        Name = policy.Name,
        Description = policy.Description,
        UserId = policy.Account,
        CreatedAt = ImageCatalog.Iso(policy.CreatedAt),
        LastUpdated = ImageCatalog.Iso(policy.LastUpdated),
        PolicyBundle = detail ? JsonNode.Parse(policy.BundleJson)! : new JsonObject(),
    };
}
