using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gantry.Formats.Common;

/// <summary>Writer settings and small helpers shared by the document writers.</summary>
internal static class JsonOutput
{
    public static Utf8JsonWriter Create(Stream output) =>
        new(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>UTC to the second, the form both SPDX (<c>YYYY-MM-DDThh:mm:ssZ</c>) and CycloneDX accept.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the property unless the value is null or empty.</summary>
    public static void WriteOptional(this Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Writes the property unless the value is null (an empty string is written).</summary>
    public static void WriteIfNotNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    public static void WriteStrings(this Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
