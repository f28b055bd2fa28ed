using Gantry.Formats.Policy;
using Gantry.Policy;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Evaluation;

/// <summary>A policy decision as hosts show it: STOP, WARN or GO (Anchore's order: the worst is the least).</summary>
public enum Verdict
{
    Stop = GateAction.Stop,
    Warn = GateAction.Warn,
    Go = GateAction.Go,
}

/// <summary>One fired trigger as hosts show it; <see cref="Allowlisted"/> names the allowlist item that suppressed it.</summary>
public sealed record EvaluationReportRow(
    string Gate, string Trigger, string CheckOutput, Verdict Action, Verdict EffectiveAction, string? Allowlisted, string PolicyId, string TriggerId);

/// <summary>
/// A policy evaluation in the terms hosts render (rows, verdicts, reasons) plus the report files it can be written as
/// (Anchore JSON, JUnit, SARIF), so hosts need not know the policy model.
/// </summary>
public sealed class EvaluationReport
{
    private readonly PolicyEvaluation _evaluation;

    internal EvaluationReport(PolicyEvaluation evaluation)
    {
        _evaluation = evaluation;
        Rows = evaluation.Rows
            .Select(r => new EvaluationReportRow(r.Gate, r.Trigger, r.CheckOutput, (Verdict)r.RuleAction, (Verdict)r.EffectiveAction,
                r.Allowlisted is { } match ? $"{match.AllowlistName} ({match.MatchedRuleId})" : null, r.PolicyId, r.TriggerId))
            .ToList();
    }

    /// <summary>
    /// The report of an evaluation with the host's notes among its warnings, so every report file (JSON, SARIF) says
    /// what the table says: a distro without vulnerability data, an SBOM without file contents.
    /// </summary>
    internal static EvaluationReport WithNotes(PolicyEvaluation evaluation, IReadOnlyList<string> notes) =>
        new(evaluation with { Warnings = [.. evaluation.Warnings, .. notes] });

    /// <summary>The evaluated image, <c>REPO:TAG</c>.</summary>
    public string Image => _evaluation.Image.FullTag;

    public string Bundle => _evaluation.Bundle.Name ?? _evaluation.Bundle.Id;

    /// <summary>The mapping that selected the image; null when none did.</summary>
    public string? Mapping => _evaluation.MatchedMapping?.Name ?? _evaluation.MatchedMapping?.Id;

    public IReadOnlyList<EvaluationReportRow> Rows { get; }

    /// <summary>What could not be evaluated (end-of-life gates, missing data); never changes the verdict.</summary>
    public IReadOnlyList<string> Warnings => _evaluation.Warnings;

    public Verdict FinalAction => (Verdict)_evaluation.FinalAction;

    /// <summary>Anchore's <c>final_action_reason</c>: <c>policy_evaluation</c>, <c>whitelisted</c> or <c>blacklisted</c>.</summary>
    public string ReasonText => _evaluation.ReasonText;

    /// <summary>The rule that allowed or denied the image, or the count of STOP, WARN and allowlisted rows.</summary>
    public string ReasonDetail => _evaluation.Reason switch
    {
        FinalActionReason.Blacklisted => $", denied by rule {_evaluation.MatchedDeniedImage?.Name ?? _evaluation.MatchedDeniedImage?.Id}",
        FinalActionReason.Whitelisted => $", allowed by rule {_evaluation.MatchedAllowedImage?.Name ?? _evaluation.MatchedAllowedImage?.Id}",
        _ => $": {Rows.Count(r => r.EffectiveAction == Verdict.Stop)} STOP, {Rows.Count(r => r.EffectiveAction == Verdict.Warn)} WARN, {Rows.Count(r => r.Allowlisted is not null)} allowlisted",
    };

    public DateTimeOffset EvaluatedAt => _evaluation.EvaluatedAt;

    /// <summary>Anchore's result document (the <c>-o json</c> output).</summary>
    public void WriteAnchoreJson(Stream output) => AnchoreResultWriter.Write(_evaluation, output);

    /// <summary>One JUnit test case per rule row.</summary>
    public void WriteJUnit(Stream output) => PolicyJUnitWriter.Write(_evaluation, output);

    /// <summary>SARIF results located at <paramref name="artifactUri"/> (the Dockerfile, or the image source).</summary>
    public void WriteSarif(string artifactUri, Stream output) => PolicySarifWriter.Write(_evaluation, artifactUri, output);
}

/// <summary>The upper-case names hosts print for verdicts.</summary>
public static class VerdictNames
{
    public static string ToDisplayName(this Verdict verdict) => ((GateAction)verdict).ToWireName().ToUpperInvariant();
}
