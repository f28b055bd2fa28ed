using System.Text.Json;
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
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        Write(evaluation, writer);
    }

    public static void Write(PolicyEvaluation evaluation, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(writer);
        var imageId = evaluation.Image.ImageId ?? evaluation.Image.Digest ?? string.Empty;
        var tag = evaluation.Image.FullTag;
        writer.WriteStartObject();
        writer.WriteString("image_id", imageId);
        writer.WriteString("tag", tag);
        writer.WritePropertyName("bundle");
        writer.WriteRawValue(evaluation.Bundle.RawJson);
        WriteMatchedRule(writer, "matched_mapping_rule", evaluation.MatchedMapping?.Selection);
        WriteMatchedRule(writer, "matched_whitelisted_images_rule", evaluation.MatchedAllowedImage);
        WriteMatchedRule(writer, "matched_blacklisted_images_rule", evaluation.MatchedDeniedImage);
        writer.WriteString("final_action", evaluation.FinalAction.ToWireName());
        writer.WriteString("final_action_reason", evaluation.ReasonText);
        writer.WriteStartArray("evaluation_problems");
        foreach (var warning in evaluation.Warnings)
        {
            writer.WriteStartObject();
            writer.WriteString("severity", "warn");
            writer.WriteString("problem_type", "EvaluationWarning");
            writer.WriteString("details", warning);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("created_at", evaluation.EvaluatedAt);
        writer.WriteString("last_modified", evaluation.EvaluatedAt);

        writer.WriteStartObject("result");
        writer.WriteStartObject(imageId);
        writer.WriteStartObject("result");
        writer.WriteStartArray("header");
        foreach (var column in Header)
        {
            writer.WriteStringValue(column);
        }

        writer.WriteEndArray();
        writer.WriteNumber("row_count", evaluation.Rows.Count);
        writer.WriteStartArray("rows");
        foreach (var row in evaluation.Rows)
        {
            WriteRow(writer, imageId, tag, row);
        }

        writer.WriteEndArray();
        writer.WriteString("final_action", evaluation.PolicyFinalAction.ToWireName());
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("policy_data");
        writer.WriteEndArray();
        writer.WriteStartArray("whitelist_data");
        writer.WriteEndArray();
        writer.WriteString("policy_name", string.Empty);
        writer.WriteStartArray("whitelist_names");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteRow(Utf8JsonWriter writer, string imageId, string tag, EvaluationRow row)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(imageId);
        writer.WriteStringValue(tag);
        writer.WriteStringValue(row.TriggerId);
        writer.WriteStringValue(row.Gate);
        writer.WriteStringValue(row.Trigger);
        writer.WriteStringValue(row.CheckOutput);
        writer.WriteStringValue(row.EffectiveAction.ToWireName());
        if (row.Allowlisted is { } match)
        {
            writer.WriteStartObject();
            writer.WriteString("whitelist_name", match.AllowlistName);
            writer.WriteString("whitelist_id", match.AllowlistId);
            writer.WriteString("matched_rule_id", match.MatchedRuleId);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteBooleanValue(false);
        }

        writer.WriteStringValue(row.PolicyId);
        writer.WriteEndArray();
    }

    /// <summary>Anchore writes the matched rule's JSON, or <c>false</c> when nothing matched.</summary>
    private static void WriteMatchedRule(Utf8JsonWriter writer, string name, ImageSelectionRule? rule)
    {
        if (rule is null)
        {
            writer.WriteBoolean(name, false);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("id", rule.Id);
        writer.WriteString("name", rule.Name);
        writer.WriteString("registry", rule.Registry);
        writer.WriteString("repository", rule.Repository);
        writer.WriteStartObject("image");
        writer.WriteString("type", rule.Image.Type.ToString().ToLowerInvariant());
        writer.WriteString("value", rule.Image.Value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
