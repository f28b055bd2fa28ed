using Gantry.Policy.Bundles;

namespace Gantry.Policy.Evaluation;

/// <summary>Why the final action is what it is (Anchore's <c>final_action_reason</c>).</summary>
public enum FinalActionReason
{
    PolicyEvaluation,
    Whitelisted,
    Blacklisted,
}

/// <summary>The allowlist item that suppressed a row (Anchore's <c>WhitelistedTriggerMatch</c> JSON).</summary>
public sealed record AllowlistMatch(string AllowlistName, string AllowlistId, string? MatchedRuleId);

/// <summary>One fired trigger: a row of the evaluation table.</summary>
public sealed record EvaluationRow(
    string TriggerId,
    string Gate,
    string Trigger,
    string CheckOutput,
    GateAction RuleAction,
    AllowlistMatch? Allowlisted,
    string PolicyId,
    string? RuleId)
{
    /// <summary>The action the row counts for: an allowlisted row counts as GO (it stays in the table).</summary>
    public GateAction EffectiveAction => Allowlisted is null ? RuleAction : GateAction.Go;
}

/// <summary>The outcome of evaluating one image against one bundle.</summary>
public sealed record PolicyEvaluation
{
    public required PolicyBundle Bundle { get; init; }

    public required PolicyImage Image { get; init; }

    /// <summary>The first mapping that selected the image; null when none did (the image falls through: GO).</summary>
    public MappingRule? MatchedMapping { get; init; }

    public ImageSelectionRule? MatchedAllowedImage { get; init; }

    public ImageSelectionRule? MatchedDeniedImage { get; init; }

    public required GateAction FinalAction { get; init; }

    public required FinalActionReason Reason { get; init; }

    /// <summary>The worst action over the policies' rows, ignoring allowed and denied images.</summary>
    public required GateAction PolicyFinalAction { get; init; }

    public IReadOnlyList<EvaluationRow> Rows { get; init; } = [];

    /// <summary>What could not be evaluated (end-of-life gates, missing data); never changes the action.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Anchore's catalog status: <c>fail</c> for STOP, <c>pass</c> for GO and WARN.</summary>
    public bool Passed => FinalAction != GateAction.Stop;

    public string ReasonText => Reason switch
    {
        FinalActionReason.Whitelisted => "whitelisted",
        FinalActionReason.Blacklisted => "blacklisted",
        _ => "policy_evaluation",
    };
}
