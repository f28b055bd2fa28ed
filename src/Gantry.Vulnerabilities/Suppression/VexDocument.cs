using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Suppression;

/// <summary>One OpenVEX statement that suppresses findings: <c>not_affected</c> or <c>fixed</c>.</summary>
public sealed record VexStatement(
    string Vulnerability, IReadOnlyList<string> Aliases, IReadOnlyList<string> Products, string Status, string? Justification, string? ImpactStatement)
{
    /// <summary>
    /// True when the statement names the finding's vulnerability (by id or alias) and covers its package: a product or
    /// subcomponent whose purl names the package (and its version when the purl has one), or an image product given
    /// without subcomponents, which speaks for every package in the image.
    /// </summary>
    public bool Covers(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var ids = finding.Vulnerability.Aliases.Prepend(finding.Vulnerability.Id).ToHashSet(StringComparer.Ordinal);
        if (!ids.Contains(Vulnerability) && !Aliases.Any(ids.Contains))
        {
            return false;
        }

        return Products.Any(product => product == VexDocument.WholeImage || NamesPackage(product, finding.Package));
    }

    public string Describe() => Justification is null ? $"VEX {Status}" : $"VEX {Status}: {Justification}";

    private static bool NamesPackage(string product, Package package)
    {
        if (package.Purl is not { } purl || !Purl.TryParse(product, out var named))
        {
            return false;
        }

        return string.Equals(named.Type, purl.Type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(named.Namespace ?? string.Empty, purl.Namespace ?? string.Empty, StringComparison.OrdinalIgnoreCase)
            && string.Equals(named.Name, purl.Name, StringComparison.Ordinal)
            && (named.Version is null || named.Version == purl.Version);
    }
}

/// <summary>
/// Reads OpenVEX documents (v0.2.0, and the older string forms of <c>vulnerability</c> and <c>products</c>). Only
/// <c>not_affected</c> and <c>fixed</c> statements are kept: <c>affected</c> and <c>under_investigation</c> change nothing.
/// </summary>
public static class VexDocument
{
    /// <summary>The product marker for "every package of the scanned image" (an image product without subcomponents).</summary>
    internal const string WholeImage = "*image*";

    public static IReadOnlyList<VexStatement> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"--vex {path}: cannot read ({ex.Message})", ex);
        }
    }

    public static IReadOnlyList<VexStatement> Parse(string json, string name)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"--vex {name}: not JSON: {ex.Message}", ex);
        }

        if (root?["statements"] is not JsonArray statements)
        {
            throw new InvalidInputException($"--vex {name}: not an OpenVEX document (no 'statements' array)");
        }

        var result = new List<VexStatement>();
        for (var i = 0; i < statements.Count; i++)
        {
            var where = $"--vex {name}: statement {i + 1}";
            var statement = statements[i] as JsonObject ?? throw new InvalidInputException($"{where}: not an object");
            var status = Text(statement["status"]) ?? throw new InvalidInputException($"{where}: no 'status'");
            if (status is not ("not_affected" or "fixed" or "affected" or "under_investigation"))
            {
                throw new InvalidInputException($"{where}: unknown status '{status}'");
            }

            var (id, aliases) = Vulnerability(statement["vulnerability"]) ?? throw new InvalidInputException($"{where}: no vulnerability name");
            if (status is "not_affected" or "fixed")
            {
                result.Add(new VexStatement(id, aliases, Products(statement["products"]), status, Text(statement["justification"]), Text(statement["impact_statement"])));
            }
        }

        return result;
    }

    private static (string Id, IReadOnlyList<string> Aliases)? Vulnerability(JsonNode? node) => node switch
    {
        JsonValue => Text(node) is { } id ? (id, []) : null,
        JsonObject obj when Text(obj["name"]) is { } id => (id, (obj["aliases"] as JsonArray ?? []).Select(Text).OfType<string>().ToList()),
        _ => null,
    };

    /// <summary>Each product's purl, or <see cref="WholeImage"/> for an image product that lists no subcomponents.</summary>
    private static List<string> Products(JsonNode? node)
    {
        var products = new List<string>();
        foreach (var product in node as JsonArray ?? [])
        {
            if (product is JsonValue)
            {
                products.AddRange(Text(product) is { } id ? [id] : []);
                continue;
            }

            var subcomponents = (product?["subcomponents"] as JsonArray ?? []).Select(Identifier).OfType<string>().ToList();
            var self = Identifier(product);
            if (subcomponents.Count > 0)
            {
                products.AddRange(subcomponents);
            }
            else if (self is not null && (self.StartsWith("pkg:oci/", StringComparison.Ordinal) || self.StartsWith("sha256:", StringComparison.Ordinal)))
            {
                products.Add(WholeImage);
            }
            else if (self is not null)
            {
                products.Add(self);
            }
        }

        return products;
    }

    private static string? Identifier(JsonNode? component) => Text(component?["@id"]) ?? Text(component?["identifiers"]?["purl"]);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
