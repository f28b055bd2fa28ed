using System.Text.Json.Nodes;

namespace Gantry.Server.Api;

/// <summary>
/// A request the engine would refuse, with its status and the engine's error JSON
/// (<c>{"message", "httpcode", "detail"}</c>). Handlers throw it; <see cref="ErrorHandling"/> writes it.
/// </summary>
public sealed class ApiException(int status, string message, JsonObject? detail = null) : Exception(message)
{
    public int Status { get; } = status;

    public JsonObject Detail { get; } = detail ?? [];

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ApiException BadRequest(string message, JsonObject? detail = null) => new(StatusCodes.Status400BadRequest, message, detail);

    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    /// <summary>The engine answers 500 for several refusals (SERVICE.md §4); clients match on these.</summary>
    public static ApiException Refused(string message) => new(StatusCodes.Status500InternalServerError, message);
}
