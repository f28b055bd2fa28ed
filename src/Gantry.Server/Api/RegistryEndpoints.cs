using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

/// <summary><c>/registries</c>: credentials per account, the password sealed at rest and never returned.</summary>
public static class RegistryEndpoints
{
    public static void MapRegistries(this IEndpointRouteBuilder routes)
    {
        var registries = routes.MapGroup("/registries");
        registries.MapPost("", AddAsync);
        registries.MapGet("", (HttpContext http, IStateStore store) => TypedResults.Ok(store.ListRegistries(http.Caller().Account).Select(Present).ToList()));
        registries.MapGet("/{registry}", (HttpContext http, string registry, IStateStore store) =>
            TypedResults.Ok(new List<RegistryResponse> { Present(Get(store, http.Caller().Account, RequestInput.RouteValue(registry))) }));
        registries.MapPut("/{registry}", UpdateAsync);
        registries.MapDelete("/{registry}", (HttpContext http, string registry, IStateStore store) =>
            store.DeleteRegistry(http.Caller().Account, RequestInput.RouteValue(registry))
                ? TypedResults.Ok()
                : throw ApiException.NotFound($"registry {RequestInput.RouteValue(registry)} not found"));
    }

    private static async Task<Ok<List<RegistryResponse>>> AddAsync(HttpContext http, IStateStore store, SecretBox secrets, TimeProvider time)
    {
        var account = http.Caller().Account;
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.RegistryRequest).ConfigureAwait(false);
        var registry = CheckName(body.Registry);
        if (store.GetRegistry(account, registry) is not null)
        {
            throw ApiException.Refused("registry already exists in DB");
        }

        var now = time.GetUtcNow();
        var record = new RegistryRecord(account, registry, body.Name ?? registry, body.User ?? throw ApiException.BadRequest("registry_user is required"),
            secrets.Seal(body.Password ?? throw ApiException.BadRequest("registry_pass is required")), body.Type ?? "docker_v2", body.Verify ?? true, now, now);
        store.AddRegistry(record);
        return TypedResults.Ok(new List<RegistryResponse> { Present(record) });
    }

    private static async Task<Ok<List<RegistryResponse>>> UpdateAsync(HttpContext http, string registry, IStateStore store, SecretBox secrets, TimeProvider time)
    {
        var existing = Get(store, http.Caller().Account, RequestInput.RouteValue(registry));
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.RegistryRequest).ConfigureAwait(false);
        var updated = existing with
        {
            Name = body.Name ?? existing.Name,
            User = body.User ?? existing.User,
            SecretCipher = body.Password is { } password ? secrets.Seal(password) : existing.SecretCipher,
            Type = body.Type ?? existing.Type,
            Verify = body.Verify ?? existing.Verify,
            LastUpdated = time.GetUtcNow(),
        };
        store.UpdateRegistry(updated);
        return TypedResults.Ok(new List<RegistryResponse> { Present(updated) });
    }

    /// <summary>A registry is a host (and optional path), not a URL: the engine answers 409 otherwise.</summary>
    private static string CheckName(string? registry)
    {
        if (string.IsNullOrWhiteSpace(registry))
        {
            throw ApiException.BadRequest("registry is required");
        }

        if (registry.EndsWith('/') || registry.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || registry.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status409Conflict, "registry name must not start with http(s):// or end with /");
        }

        return registry;
    }

    private static RegistryRecord Get(IStateStore store, string account, string registry) =>
        store.GetRegistry(account, registry) ?? throw ApiException.NotFound($"registry {registry} not found");

    private static RegistryResponse Present(RegistryRecord r) =>
        new(r.Registry, r.Name, r.User, r.Type, r.Verify, r.Account, ImageCatalog.Iso(r.CreatedAt), ImageCatalog.Iso(r.LastUpdated));
}
