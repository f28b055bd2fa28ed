using System.Text.Json;
using Gantry.Formats.Common;
using Gantry.Policy;
using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;

namespace Gantry.Formats.Policy;

/// <summary>
/// Writes an evaluation in Anchore's result shape (<c>BundleExecution.as_table_json</c> inside the
/// policy-engine response): header, rows, final_action per image, plus the bundle-level decision.
/// </summary>
public static class AnchoreResultWriter
{
    public static readonly IReadOnlyList<string> Header =
        ["Image_Id", "Repo_Tag", "Trigger_Id", "Gate", "Trigger", "Check_Output", "Gate_Action", "Whitelisted", "Policy_Id"];

    public static void Write(PolicyEvaluation evaluation, Stream output)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var imageId = evaluation.Image.ImageId ?? evaluation.Image.Digest ?? string.Empty;
        var tag = evaluation.Image.FullTag;
        using var bundle = JsonDocument.Parse(evaluation.Bundle.RawJson);
        var table = new AnchoreTable(Header, evaluation.Rows.Count, evaluation.Rows.Select(r => Row(imageId, tag, r)).ToList(), evaluation.PolicyFinalAction.ToWireName());
        JsonOutput.Write(
            new AnchoreResultDocument(
                imageId,
                tag,
                bundle.RootElement,
                MatchedRule(evaluation.MatchedMapping?.Selection),
                MatchedRule(evaluation.MatchedAllowedImage),
                MatchedRule(evaluation.MatchedDeniedImage),
                evaluation.FinalAction.ToWireName(),
                evaluation.ReasonText,
                evaluation.Warnings.Select(w => new AnchoreProblem("warn", "EvaluationWarning", w)).ToList(),
                evaluation.EvaluatedAt,
                evaluation.EvaluatedAt,
                new OrderedDictionary<string, object>
                {
                    [imageId] = new AnchoreImageResult(table),
                    ["policy_data"] = Array.Empty<string>(),
                    ["whitelist_data"] = Array.Empty<string>(),
                    ["policy_name"] = string.Empty,
                    ["whitelist_names"] = Array.Empty<string>(),
                }),
            output);
    }

    private static IReadOnlyList<object> Row(string imageId, string tag, EvaluationRow row) =>
    [
        imageId,
        tag,
        row.TriggerId,
        row.Gate,
        row.Trigger,
        row.CheckOutput,
        row.EffectiveAction.ToWireName(),
        row.Allowlisted is { } match ? new AnchoreAllowlistMatch(match.AllowlistName, match.AllowlistId, match.MatchedRuleId) : (object)false,
        row.PolicyId,
    ];

    /// <summary>Anchore writes the matched rule's JSON, or <c>false</c> when nothing matched.</summary>
    private static object MatchedRule(ImageSelectionRule? rule) => rule is null
        ? false
        : new AnchoreSelectionRule(rule.Id, rule.Name, rule.Registry, rule.Repository, new AnchoreImageSelector(rule.Image.Type.ToString().ToLowerInvariant(), rule.Image.Value));
}
