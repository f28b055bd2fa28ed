using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gantry.Formats.Policy;

/// <summary>
/// Anchore's policy-engine result (<c>BundleExecution.as_table_json</c> inside the response), in its snake_case names.
/// Where Anchore writes <c>false</c> instead of an absent object (the matched rules, a row's allowlist cell), the
/// value is typed <c>object</c>: <c>false</c> or the DTO. <c>result</c> mixes the image id key with fixed keys, so it
/// is an ordered map.
/// </summary>
internal sealed record AnchoreResultDocument(
    [property: JsonPropertyName("image_id")] string ImageId,
    string Tag,
    JsonElement Bundle,
    [property: JsonPropertyName("matched_mapping_rule")] object MatchedMappingRule,
    [property: JsonPropertyName("matched_whitelisted_images_rule")] object MatchedWhitelistedImagesRule,
    [property: JsonPropertyName("matched_blacklisted_images_rule")] object MatchedBlacklistedImagesRule,
    [property: JsonPropertyName("final_action")] string FinalAction,
    [property: JsonPropertyName("final_action_reason")] string FinalActionReason,
    [property: JsonPropertyName("evaluation_problems")] IReadOnlyList<AnchoreProblem> EvaluationProblems,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("last_modified")] DateTimeOffset LastModified,
    OrderedDictionary<string, object> Result);

internal sealed record AnchoreSelectionRule(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    string Registry,
    string Repository,
    AnchoreImageSelector Image);

internal sealed record AnchoreImageSelector(string Type, string Value);

internal sealed record AnchoreProblem(string Severity, [property: JsonPropertyName("problem_type")] string ProblemType, string Details);

/// <summary>The image's entry in <c>result</c>, keyed by image id; the policy and allowlist data beside it are always empty here.</summary>
internal sealed record AnchoreImageResult(AnchoreTable Result);

/// <summary>The table: each row holds the header's columns in order, strings but for the allowlist cell.</summary>
internal sealed record AnchoreTable(
    IReadOnlyList<string> Header,
    [property: JsonPropertyName("row_count")] int RowCount,
    IReadOnlyList<IReadOnlyList<object>> Rows,
    [property: JsonPropertyName("final_action")] string FinalAction);

internal sealed record AnchoreAllowlistMatch(
    [property: JsonPropertyName("whitelist_name")] string WhitelistName,
    [property: JsonPropertyName("whitelist_id")] string WhitelistId,
    [property: JsonPropertyName("matched_rule_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? MatchedRuleId);
