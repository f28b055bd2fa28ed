using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gantry.Server.Api;

/// <summary>
/// Reads request bodies and query values the way the clients send them (SERVICE.md §0): an empty body or
/// <c>null</c> is "no body"; booleans are <c>True</c>/<c>true</c>; malformed JSON or a field of the wrong type is a 400.
/// </summary>
public static class RequestInput
{
    public static async Task<T?> BodyAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.ToArray(), typeInfo);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"the request body is not valid: {ex.Message}");
        }
    }

    public static async Task<T> RequiredBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo) where T : class =>
        await BodyAsync(request, typeInfo).ConfigureAwait(false) ?? throw ApiException.BadRequest("a request body is required");

    public static bool Bool(HttpRequest request, string name, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        return bool.TryParse(value, out var parsed) ? parsed : throw ApiException.BadRequest($"query parameter {name} must be true or false, not '{value}'");
    }

    public static string? Text(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static int Int(HttpRequest request, string name, int fallback, int minimum)
    {
        var value = Text(request, name);
        return value is null ? fallback
            : int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= minimum ? parsed
            : throw ApiException.BadRequest($"query parameter {name} must be a whole number of at least {minimum}, not '{value}'");
    }

    /// <summary>Route values keep <c>%2F</c> encoded (anchore-cli encodes registry names completely): decode them here.</summary>
    public static string RouteValue(string value) => Uri.UnescapeDataString(value);
}
