using System.Security.Cryptography;
using System.Text;
using Gantry.Policy.Evaluation;

namespace Gantry.Policy.Gates;

/// <summary>What a trigger sees while it runs: the input, its parameters, and a way to fire.</summary>
public sealed class TriggerContext
{
    private readonly List<TriggerFire> _fires = [];

    internal TriggerContext(EvaluationState state, GateDefinition gate, TriggerDefinition trigger, RuleParameters parameters, string? ruleId)
    {
        State = state;
        Gate = gate;
        Trigger = trigger;
        Params = parameters;
        RuleId = ruleId;
    }

    public EvaluationState State { get; }

    public PolicyInput Input => State.Input;

    public GateDefinition Gate { get; }

    public TriggerDefinition Trigger { get; }

    public RuleParameters Params { get; }

    /// <summary>The policy rule's id (part of some trigger ids).</summary>
    public string? RuleId { get; }

    public IReadOnlyList<TriggerFire> Fires => _fires;

    /// <summary>
    /// Records a match. Without an explicit id the trigger id is Anchore's default:
    /// <c>md5(gate_name + trigger_name + message)</c> in hex, so existing allowlists keep matching.
    /// </summary>
    public void Fire(string message, string? triggerId = null) =>
        _fires.Add(new TriggerFire(triggerId ?? DefaultTriggerId(Gate.Name, Trigger.Name, message), message));

    /// <summary>Records something the evaluation could not check (shown with the result, never fatal).</summary>
    public void Warn(string message) => State.AddWarning($"{Gate.Name}.{Trigger.Name}: {message}");

    /// <summary>Anchore's default trigger id; MD5 is what Anchore used, for identity only, not for security.</summary>
#pragma warning disable CA5351 // Anchore's trigger ids are MD5 hex; allowlists written for Anchore depend on it.
    public static string DefaultTriggerId(string gate, string trigger, string message) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(gate + trigger + message)));
#pragma warning restore CA5351
}

/// <summary>One firing of a trigger: its id (what allowlists match) and its check output.</summary>
public sealed record TriggerFire(string TriggerId, string Message);
