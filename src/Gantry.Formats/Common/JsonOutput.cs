using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gantry.Formats.Common;

/// <summary>
/// The one JSON style of every document Gantry writes: indented, the relaxed encoder (<c>+</c>, <c>&amp;</c> and
/// non-ASCII text as they are, not <c>\u002B</c>), camelCase names unless a DTO names a property itself, and null
/// properties left out unless a DTO keeps one. Documents are DTOs serialized through the source-generated
/// <see cref="OutputJsonContext"/>, so there is no reflection and the DTO is the shape.
/// </summary>
internal static class JsonOutput
{
    // The encoder is the writer's: options with an encoder of their own would not use the generated serializers.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write<T>(T document, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        JsonSerializer.Serialize(writer, document, (JsonTypeInfo<T>)OutputJsonContext.Default.GetTypeInfo(typeof(T))!);
    }

    /// <summary>UTC to the second, the form both SPDX (<c>YYYY-MM-DDThh:mm:ssZ</c>) and CycloneDX accept.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Null for an empty string: for the fields a format wants absent rather than empty.</summary>
    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Null for an empty list: for the arrays a format wants absent rather than empty.</summary>
    public static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T> values) => values.Count == 0 ? null : values;

    /// <summary>A map in ordinal key order, so documents do not depend on the order keys were added in.</summary>
    public static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map) => new(map.ToDictionary(), StringComparer.Ordinal);
}
