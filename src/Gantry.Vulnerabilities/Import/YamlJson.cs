using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Turns a YAML document into the JSON tree the JSON readers already understand, so each feed has one parser.
/// Scalars stay strings (YAML <c>0</c> and <c>"0"</c> are the same version); plain <c>null</c>/<c>~</c>/empty become null.
/// </summary>
internal static class YamlJson
{
    public static JsonNode? Parse(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    /// <summary>YAML's null: a plain (unquoted) <c>null</c>, <c>~</c> or nothing; <c>"null"</c> in quotes is a string.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? string.Empty
                        : throw new YamlException(key.Start, key.End, "mapping keys must be scalars");
                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item));
                }

                return array;
            case YamlScalarNode scalar:
                return IsNull(scalar) ? null : JsonValue.Create(scalar.Value);
            default:
                throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}");
        }
    }
}
