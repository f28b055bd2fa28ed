using System.Text.Json.Nodes;
using Gantry.Core.Secrets;
using Gantry.Server.Analysis;
using Gantry.Server.Api;

namespace Gantry.Server.Images;

/// <summary>
/// <c>/images/{digest}/artifacts/{type}</c>: what Anchore's analyzer keeps besides packages. The analysis runs Anchore's
/// default secret regexes, so <c>secret_search</c> lists their matches per file; Gantry retrieves no files and has no
/// other content regexes configured, so <c>retrieved_files</c> and <c>file_content_search</c> are empty, as they are in an
/// engine without that analyzer configuration.
/// </summary>
public sealed class ImageArtifacts(AnalysisStore documents)
{
    private static readonly Dictionary<string, SecretRule> AnchoreRules = AnchoreSecretRules.All.ToDictionary(r => r.Id, StringComparer.Ordinal);

    public JsonArray Artifacts(string digest, string type) => type switch
    {
        "secret_search" => SecretSearch(digest),
        "retrieved_files" or "file_content_search" => [],
        _ => throw ApiException.NotFound($"artifact type ({type}) not available"),
    };

    /// <summary><c>[{path, matches: [{name, regex, lines}]}]</c> for files matched by Anchore's rules (other rule sets are not Anchore's analyzer's).</summary>
    private JsonArray SecretSearch(string digest)
    {
        var findings = documents.LoadSbom(digest).Secrets.Where(s => s.Source == SecretSource.File && AnchoreRules.ContainsKey(s.RuleId));
        return new JsonArray(findings.GroupBy(f => f.Path, StringComparer.Ordinal).OrderBy(file => file.Key, StringComparer.Ordinal)
            .Select(file => (JsonNode)new JsonObject
            {
                ["path"] = file.Key,
                ["matches"] = new JsonArray(file.GroupBy(f => f.RuleId, StringComparer.Ordinal).OrderBy(rule => rule.Key, StringComparer.Ordinal)
                    .Select(rule => (JsonNode)new JsonObject
                    {
                        ["name"] = rule.Key,
                        ["regex"] = AnchoreRules[rule.Key].Regex.ToString(),
                        ["lines"] = new JsonArray(rule.Select(f => f.Line).Distinct().Order().Select(line => (JsonNode)JsonValue.Create(line)).ToArray()),
                    }).ToArray()),
            }).ToArray());
    }
}
