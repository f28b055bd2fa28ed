using System.Text.Json;

namespace Gantry.Cataloging.Npm;

/// <summary>The fields of an installed package's <c>package.json</c> that go into the SBOM.</summary>
internal sealed record PackageJson(string? Name, string? Version, IReadOnlyList<string> Licenses, string? Author, string? Homepage,
    string? Description);

/// <summary>
/// Reads <c>package.json</c>. The license comes in three historical shapes: an SPDX expression string,
/// an object <c>{"type": "MIT"}</c>, or a <c>licenses</c> array of either; the author as a string or
/// <c>{"name": ...}</c>.
/// </summary>
internal static class PackageJsonParser
{
    public static PackageJson Parse(ReadOnlyMemory<byte> content)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"expected a JSON object, found {root.ValueKind}");
        }

        var licenses = new List<string>();
        if (root.TryGetProperty("license", out var license))
        {
            AddLicense(license, licenses);
        }

        if (root.TryGetProperty("licenses", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in many.EnumerateArray())
            {
                AddLicense(item, licenses);
            }
        }

        return new PackageJson(StringOf(root, "name"), StringOf(root, "version"), licenses, PersonOf(root, "author"), StringOf(root, "homepage"),
            StringOf(root, "description"));
    }

    private static void AddLicense(JsonElement element, List<string> licenses)
    {
        var value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Object when element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String => type.GetString(),
            _ => null,
        };
        if (!string.IsNullOrWhiteSpace(value))
        {
            licenses.Add(value.Trim());
        }
    }

    private static string? PersonOf(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? StringOf(value, "name") : StringOf(root, property);

    internal static string? StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
