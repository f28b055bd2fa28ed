using System.Text;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Spdx;

namespace Gantry.Formats.Tests;

/// <summary>Writes documents to strings, and strips the fields that may differ between two runs.</summary>
internal static class OutputAssertions
{
    public static readonly DateTimeOffset Monday = new(2024, 3, 4, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Friday = new(2024, 3, 8, 17, 30, 5, TimeSpan.Zero);

    public static string WriteCycloneDx(Sbom sbom, IReadOnlyList<Finding>? findings, DateTimeOffset timestamp) =>
        Render(s => CycloneDxWriter.Write(sbom, findings, s, timestamp));

    public static string WriteSpdx(Sbom sbom, DateTimeOffset timestamp) => Render(s => SpdxWriter.Write(sbom, s, timestamp));

    public static string Render(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The document without <c>metadata.timestamp</c> (CycloneDX) or <c>created</c>/<c>annotationDate</c> (SPDX).</summary>
    public static string WithoutTimestamps(string json)
    {
        var node = JsonNode.Parse(json)!;
        Strip(node);
        return node.ToJsonString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in new[] { "timestamp", "created", "annotationDate" })
                {
                    obj.Remove(name);
                }

                foreach (var child in obj.Select(p => p.Value).ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }

                break;
        }
    }
}
