using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>Typed reads of TUF metadata fields that fail with the field's name, and notary's <c>expires</c> format.</summary>
internal static class TufJson
{
    public static string String(JsonObject obj, string name, string where) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new TufFormatException($"{where}: '{name}' is missing or not a string");

    public static long Integer(JsonObject obj, string name, string where) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number)
            ? number
            : obj[name] is JsonValue element && element.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out number)
                ? number
                : throw new TufFormatException($"{where}: '{name}' is missing or not an integer");

    public static JsonObject Object(JsonObject obj, string name, string where) =>
        obj[name] as JsonObject ?? throw new TufFormatException($"{where}: '{name}' is missing or not an object");

    public static JsonArray Array(JsonObject obj, string name, string where) =>
        obj[name] as JsonArray ?? throw new TufFormatException($"{where}: '{name}' is missing or not an array");

    public static IReadOnlyList<string> Strings(JsonObject obj, string name, string where) =>
        Array(obj, name, where).Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new TufFormatException($"{where}: '{name}' holds a value that is not a string")).ToList();

    /// <summary>
    /// Go's RFC3339Nano in UTC, as notary re-encodes <c>expires</c>: whole seconds need no fraction, which keeps what
    /// Gantry posts byte-identical to the server's re-serialization.
    /// </summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(JsonObject obj, string name, string where)
    {
        var text = String(obj, name, where);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new TufFormatException($"{where}: '{name}' is not an RFC 3339 time: {Shorten(text)}");
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
