using System.Text.Json;
using Gantry.Formats.Common;
using Gantry.Policy;
using Gantry.Policy.Evaluation;
using Gantry.Policy.Gates;

namespace Gantry.Formats.Policy;

/// <summary>
/// A policy evaluation as SARIF 2.1.0: one rule per gate and trigger that fired, one result per row that is not GO
/// (STOP is an <c>error</c>, WARN a <c>warning</c>); allowlisted rows carry an external suppression naming the
/// allowlist item. The trigger id is the result's fingerprint, so dashboards track a finding across runs as
/// allowlists do. Every result points at <paramref name="artifactUri"/> (the Dockerfile or the image source).
/// </summary>
public static class PolicySarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(PolicyEvaluation evaluation, string artifactUri, Stream output)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(artifactUri);
        var rows = evaluation.Rows.Where(r => r.RuleAction != GateAction.Go).ToList();
        var ruleIds = rows.Select(RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        using var w = JsonOutput.Create(output);
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        WriteTool(w, ruleIds);
        WriteInvocation(w, evaluation);
        w.WriteStartArray("results");
        foreach (var row in rows)
        {
            WriteResult(w, row, ruleIds.IndexOf(RuleId(row)), artifactUri, evaluation.Image.FullTag);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string RuleId(EvaluationRow row) => $"{row.Gate}.{row.Trigger}";

    private static void WriteTool(Utf8JsonWriter w, List<string> ruleIds)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", ToolInfo.Name);
        w.WriteString("version", ToolInfo.Version);
        w.WriteString("informationUri", "https://github.com/anchore/anchore-engine");
        w.WriteStartArray("rules");
        foreach (var id in ruleIds)
        {
            var dot = id.IndexOf('.', StringComparison.Ordinal);
            var gate = GateRegistry.Find(id[..dot]);
            var trigger = gate?.FindTrigger(id[(dot + 1)..]);
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("name", id);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", $"{id}: {gate?.Description ?? "policy gate"}");
            w.WriteEndObject();
            w.WriteStartObject("fullDescription");
            w.WriteString("text", trigger?.Description ?? id);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter w, PolicyEvaluation evaluation)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteString("endTimeUtc", JsonOutput.Timestamp(evaluation.EvaluatedAt));
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var warning in evaluation.Warnings)
        {
            w.WriteStartObject();
            w.WriteString("level", "warning");
            w.WriteStartObject("message");
            w.WriteString("text", warning);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("properties");
        w.WriteString("image", evaluation.Image.FullTag);
        w.WriteString("finalAction", evaluation.FinalAction.ToWireName());
        w.WriteString("finalActionReason", evaluation.ReasonText);
        w.WriteString("bundleId", evaluation.Bundle.Id);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter w, EvaluationRow row, int ruleIndex, string artifactUri, string image)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", RuleId(row));
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", row.RuleAction == GateAction.Stop ? "error" : "warning");
        w.WriteStartObject("message");
        w.WriteString("text", row.CheckOutput);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", artifactUri);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("name", image);
        w.WriteString("kind", "module");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString("gantryTriggerId/v1", $"{row.Gate}/{row.TriggerId}");
        w.WriteEndObject();
        if (row.Allowlisted is { } match)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("justification", $"allowlisted by {match.AllowlistName} item {match.MatchedRuleId}");
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("gate", row.Gate);
        w.WriteString("trigger", row.Trigger);
        w.WriteString("triggerId", row.TriggerId);
        w.WriteString("action", row.RuleAction.ToWireName());
        w.WriteString("policyId", row.PolicyId);
        w.WriteOptional("ruleId", row.RuleId);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
