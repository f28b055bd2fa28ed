using System.Text.RegularExpressions;
using Gantry.Policy.Bundles;
using Gantry.Policy.Gates;

namespace Gantry.Policy.Evaluation;

/// <summary>
/// Evaluates a bundle against one image the way Anchore's <c>ExecutableBundle</c> does: the first matching mapping
/// selects policies and allowlists; every policy is evaluated to completion; allowlisted rows count as GO; the
/// final action is STOP for a denied image, else GO for an allowed image, else the worst row (STOP &gt; WARN &gt; GO).
/// </summary>
public sealed class PolicyEvaluator(EvaluationSettings? settings = null, TimeProvider? timeProvider = null)
{
    private readonly EvaluationSettings _settings = settings ?? new EvaluationSettings();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public PolicyEvaluation Evaluate(PolicyBundle bundle, PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(input);
        var now = _time.GetUtcNow();
        var state = new EvaluationState(input, _settings, now);
        var mapping = MappingResolver.FindMapping(bundle, input.Image);
        var rows = new List<EvaluationRow>();
        var policyFinal = GateAction.Go;
        if (mapping is not null)
        {
            var allowlists = mapping.AllowlistIds.Select(bundle.FindAllowlist).OfType<Allowlist>().ToList();
            foreach (var policy in mapping.PolicyIds.Select(bundle.FindPolicy).OfType<BundlePolicy>())
            {
                var policyRows = EvaluatePolicy(policy, state, allowlists);
                rows.AddRange(policyRows);
                policyFinal = GateActionNames.Worst(policyFinal, Worst(policyRows));
            }
        }

        var denied = MappingResolver.FindRule(bundle.DeniedImages, input.Image);
        var allowed = MappingResolver.FindRule(bundle.AllowedImages, input.Image);
        var (final, reason) = denied is not null ? (GateAction.Stop, FinalActionReason.Blacklisted)
            : allowed is not null ? (GateAction.Go, FinalActionReason.Whitelisted)
            : (policyFinal, FinalActionReason.PolicyEvaluation);

        return new PolicyEvaluation
        {
            Bundle = bundle,
            Image = input.Image,
            MatchedMapping = mapping,
            MatchedAllowedImage = allowed,
            MatchedDeniedImage = denied,
            FinalAction = final,
            Reason = reason,
            PolicyFinalAction = policyFinal,
            Rows = rows,
            Warnings = state.Warnings,
            EvaluatedAt = now,
        };
    }

    private static GateAction Worst(IEnumerable<EvaluationRow> rows) =>
        rows.Select(r => r.EffectiveAction).DefaultIfEmpty(GateAction.Go).Min();

    private static List<EvaluationRow> EvaluatePolicy(BundlePolicy policy, EvaluationState state, List<Allowlist> allowlists)
    {
        var rows = new List<EvaluationRow>();
        foreach (var rule in policy.Rules)
        {
            var gate = GateRegistry.Find(rule.Gate);
            var trigger = gate?.FindTrigger(rule.Trigger);
            if (gate is null || trigger is null)
            {
                // A validated bundle names only known gates; legacy gates accept any trigger name.
                state.AddWarning($"{rule.Gate}.{rule.Trigger}: end-of-life or unknown trigger; the rule was not evaluated");
                continue;
            }

            var context = new TriggerContext(state, gate, trigger, new RuleParameters(trigger, rule.Params), rule.Id);
            try
            {
                trigger.Evaluate(context);
            }
            catch (RegexMatchTimeoutException)
            {
                state.AddWarning($"{gate.Name}.{trigger.Name}: a regular expression took too long; the rule was stopped");
            }

            foreach (var fire in context.Fires)
            {
                var allowlisted = FindAllowlistMatch(gate.Name, fire.TriggerId, allowlists, state);
                rows.Add(new EvaluationRow(fire.TriggerId, gate.Name, trigger.Name, fire.Message, rule.Action, allowlisted, policy.Id, rule.Id));
            }
        }

        return rows;
    }

    /// <summary>The first unexpired allowlist item for this gate whose trigger id matches (exactly or as a wildcard).</summary>
    private static AllowlistMatch? FindAllowlistMatch(string gate, string triggerId, List<Allowlist> allowlists, EvaluationState state)
    {
        foreach (var allowlist in allowlists)
        {
            foreach (var item in allowlist.Items)
            {
                if (!string.Equals(item.Gate, gate, StringComparison.OrdinalIgnoreCase)
                    || !(item.TriggerId == triggerId || WildcardPattern.IsMatch(item.TriggerId, triggerId)))
                {
                    continue;
                }

                if (item.IsExpired(state.Now))
                {
                    state.AddWarning($"allowlist '{allowlist.Name ?? allowlist.Id}' item '{item.Id}' for {triggerId} expired on {item.ExpiresOn:yyyy-MM-dd} and no longer applies");
                    continue;
                }

                return new AllowlistMatch(allowlist.Name ?? allowlist.Id, allowlist.Id, item.Id);
            }
        }

        return null;
    }
}
