using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Tolerant readers over a JSON tree: a field of the wrong shape is a <see cref="FormatException"/> naming the field,
/// which the importers turn into a skipped record with that reason.
/// </summary>
internal static class Json
{
    public static string? String(JsonNode? parent, string name)
    {
        var node = parent?[name];
        return node is null ? null : AsString(node, name);
    }

    public static string RequiredString(JsonNode? parent, string name) =>
        String(parent, name) is { Length: > 0 } value ? value : throw new FormatException($"missing '{name}'");

    public static string AsString(JsonNode node, string name) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        var kind => throw new FormatException($"'{name}' must be a string, not {kind.ToString().ToLowerInvariant()}"),
    };

    public static JsonObject? Object(JsonNode? parent, string name) => parent?[name] switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw new FormatException($"'{name}' must be an object"),
    };

    public static IEnumerable<JsonNode> Array(JsonNode? parent, string name) => parent?[name] switch
    {
        null => [],
        JsonArray array => array.Select(item => item ?? throw new FormatException($"'{name}' contains null")),
        _ => throw new FormatException($"'{name}' must be an array"),
    };

    public static IReadOnlyList<string> Strings(JsonNode? parent, string name) =>
        Array(parent, name).Select(item => AsString(item, name)).ToList();

    public static DateTimeOffset? Timestamp(JsonNode? parent, string name)
    {
        var text = String(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a timestamp: '{text}'");
    }

    public static double? Number(JsonNode? parent, string name)
    {
        var node = parent?[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>()
            : double.TryParse(AsString(node, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw new FormatException($"'{name}' must be a number");
    }
}
