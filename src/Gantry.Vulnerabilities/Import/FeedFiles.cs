using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Gantry.Vulnerabilities.Import;

/// <summary>File walking and error wording shared by the importers.</summary>
internal static class FeedFiles
{
    /// <summary>Every file under a folder, hidden ones included (so each is accounted for), in ordinal path order.</summary>
    public static IEnumerable<string> Walk(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal);

    public static bool IsJson(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static bool IsYaml(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>A one-line reason for a parse failure.</summary>
    public static string Reason(Exception ex) => ex switch
    {
        JsonException json => $"invalid JSON{(json.LineNumber is { } line ? $" at line {line + 1}" : string.Empty)}: {FirstLine(json.Message)}",
        YamlException yaml => $"invalid YAML at line {yaml.Start.Line}: {FirstLine(yaml.Message)}",
        _ => FirstLine(ex.Message),
    };

    /// <summary>Parses a JSON or YAML file into a JSON tree.</summary>
    public static JsonNode? ReadTree(Stream stream, bool isYaml)
    {
        if (!isYaml)
        {
            return JsonNode.Parse(stream);
        }

        using var reader = new StreamReader(stream);
        return YamlJson.Parse(reader);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
