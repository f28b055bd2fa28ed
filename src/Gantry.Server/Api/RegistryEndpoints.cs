using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

/// <summary><c>/registries</c>: credentials per account, the password sealed at rest and never returned.</summary>
public static class RegistryEndpoints
{
    private const string DockerV2 = "docker_v2";

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

    private static async Task<Ok<List<RegistryResponse>>> AddAsync(HttpContext http, IStateStore store, SecretBox secrets, TimeProvider time, AccountRegistries access,
        GantryEngine engine)
    {
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.RegistryRequest).ConfigureAwait(false);
        return TypedResults.Ok(new List<RegistryResponse> { Present(await AddCheckedAsync(http, http.Caller().Account, body, store, secrets, time, access, engine).ConfigureAwait(false)) });
    }

    /// <summary>Checks the login (unless <c>validate=false</c>) and stores the credentials sealed (the web UI's form too).</summary>
    internal static async Task<RegistryRecord> AddCheckedAsync(HttpContext http, string account, RegistryRequest body, IStateStore store, SecretBox secrets,
        TimeProvider time, AccountRegistries access, GantryEngine engine)
    {
        var registry = CheckName(body.Registry);
        if (store.GetRegistry(account, registry) is not null)
        {
            throw ApiException.Refused("registry already exists in DB");
        }

        var now = time.GetUtcNow();
        var password = body.Password ?? throw ApiException.BadRequest("registry_pass is required");
        var record = new RegistryRecord(account, registry, body.Name ?? registry, body.User ?? throw ApiException.BadRequest("registry_user is required"),
            secrets.Seal(password), body.Type ?? DockerV2, body.Verify ?? true, now, now);
        await ValidateAsync(http, record, password, access, engine).ConfigureAwait(false);
        store.AddRegistry(record);
        return record;
    }

    private static async Task<Ok<List<RegistryResponse>>> UpdateAsync(HttpContext http, string registry, IStateStore store, SecretBox secrets, TimeProvider time,
        AccountRegistries access, GantryEngine engine)
    {
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.RegistryRequest).ConfigureAwait(false);
        var updated = await UpdateCheckedAsync(http, http.Caller().Account, RequestInput.RouteValue(registry), body, store, secrets, time, access, engine).ConfigureAwait(false);
        return TypedResults.Ok(new List<RegistryResponse> { Present(updated) });
    }

    /// <summary>Changes what the body gives, checks the login (unless <c>validate=false</c>) and stores it (the web UI's edit form too).</summary>
    internal static async Task<RegistryRecord> UpdateCheckedAsync(HttpContext http, string account, string registry, RegistryRequest body, IStateStore store,
        SecretBox secrets, TimeProvider time, AccountRegistries access, GantryEngine engine)
    {
        var existing = Get(store, account, registry);
        var updated = existing with
        {
            Name = body.Name ?? existing.Name,
            User = body.User ?? existing.User,
            SecretCipher = body.Password is { } password ? secrets.Seal(password) : existing.SecretCipher,
            Type = body.Type ?? existing.Type,
            Verify = body.Verify ?? existing.Verify,
            LastUpdated = time.GetUtcNow(),
        };
        await ValidateAsync(http, updated, body.Password ?? secrets.Open(existing.SecretCipher), access, engine).ConfigureAwait(false);
        store.UpdateRegistry(updated);
        return updated;
    }

    /// <summary>
    /// Anchore logs in with the credentials before it stores them, unless <c>validate=false</c>; it checks <c>docker_v2</c>
    /// registries only (an <c>awsecr</c> record holds AWS keys, not a login). A refusal is a 406 with the engine's message.
    /// </summary>
    private static async Task ValidateAsync(HttpContext http, RegistryRecord record, string password, AccountRegistries access, GantryEngine engine)
    {
        if (!RequestInput.Bool(http.Request, "validate", fallback: true) || record.Type != DockerV2)
        {
            return;
        }

        try
        {
            await engine.Registry.CheckLoginAsync(record.Registry, access.ForLogin(record, password), http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GantryException or HttpRequestException)
        {
            throw new ApiException(StatusCodes.Status406NotAcceptable, $"cannot ping supplied registry with supplied credentials - exception: {ex.Message}");
        }
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
