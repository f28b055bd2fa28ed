using Gantry.Formats.Common;
using Gantry.Formats.Sarif;
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
    public const string SchemaUri = SarifLog.SchemaUri;

    public static void Write(PolicyEvaluation evaluation, string artifactUri, Stream output)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(artifactUri);
        var rows = evaluation.Rows.Where(r => r.RuleAction != GateAction.Go).ToList();
        var ruleIds = rows.Select(RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var driver = new SarifDriver(ToolInfo.Name, ToolInfo.Version, "https://github.com/anchore/anchore-engine", ruleIds.Select(Rule).ToList());
        var results = rows.Select(row => Result(row, ruleIds.IndexOf(RuleId(row)), artifactUri, evaluation.Image.FullTag)).ToList();
        JsonOutput.Write(SarifLog.Of(new SarifRun(new SarifTool(driver), [Invocation(evaluation)], results)), output);
    }

    private static string RuleId(EvaluationRow row) => $"{row.Gate}.{row.Trigger}";

    private static SarifRule Rule(string id)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        var gate = GateRegistry.Find(id[..dot]);
        var trigger = gate?.FindTrigger(id[(dot + 1)..]);
        return new SarifRule(id, id, new SarifMessage($"{id}: {gate?.Description ?? "policy gate"}"), new SarifMessage(trigger?.Description ?? id));
    }

    private static SarifInvocation Invocation(PolicyEvaluation evaluation) => new(
        true,
        JsonOutput.Timestamp(evaluation.EvaluatedAt),
        evaluation.Warnings.Select(w => new SarifNotification("warning", new SarifMessage(w))).ToList(),
        new SarifInvocationProperties(evaluation.Image.FullTag, evaluation.FinalAction.ToWireName(), evaluation.ReasonText, evaluation.Bundle.Id));

    private static SarifResult Result(EvaluationRow row, int ruleIndex, string artifactUri, string image) => new(
        RuleId(row),
        ruleIndex,
        row.RuleAction == GateAction.Stop ? "error" : "warning",
        new SarifMessage(row.CheckOutput),
        [new SarifLocation(new SarifPhysicalLocation(new SarifArtifactLocation(artifactUri)), [new SarifLogicalLocation(image, "module")])],
        new SarifFingerprints($"{row.Gate}/{row.TriggerId}"),
        row.Allowlisted is { } match ? [new SarifSuppression("external", $"allowlisted by {match.AllowlistName} item {match.MatchedRuleId}")] : null,
        new SarifResultProperties
        {
            Gate = row.Gate,
            Trigger = row.Trigger,
            TriggerId = row.TriggerId,
            Action = row.RuleAction.ToWireName(),
            PolicyId = row.PolicyId,
            RuleId = JsonOutput.NullIfEmpty(row.RuleId),
        });
}
