using System.Globalization;
using Gantry.Core;
using Gantry.Vulnerabilities.Suppression;

namespace Gantry.Engine.Scanning;

/// <summary>
/// Decides which findings do not count: ignore rules first (the user's own words), then VEX statements, then
/// <c>--only-fixed</c>. Expired rules stop applying and produce a warning naming them.
/// </summary>
public sealed class FindingSuppressor
{
    private readonly IReadOnlyList<IgnoreRule> _rules;
    private readonly IReadOnlyList<VexStatement> _vex;
    private readonly bool _onlyFixed;

    public FindingSuppressor(IReadOnlyList<IgnoreRule> rules, IReadOnlyList<VexStatement> vex, bool onlyFixed, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.Where(r => !r.IsExpired(today)).ToList();
        _vex = vex;
        _onlyFixed = onlyFixed;
        Warnings = rules
            .Where(r => r.IsExpired(today))
            .Select(r => $"ignore {r} expired on {r.Expires!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} and no longer applies")
            .ToList();
    }

    public IReadOnlyList<string> Warnings { get; }

    public Suppression? SuppressionOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (_rules.FirstOrDefault(r => r.Matches(finding)) is { } rule)
        {
            return new Suppression(Suppression.IgnoreRule, rule.ToString(), rule.Reason);
        }

        if (_vex.FirstOrDefault(s => s.Covers(finding)) is { } statement)
        {
            return new Suppression(Suppression.Vex, statement.Describe(), statement.ImpactStatement);
        }

        if (_onlyFixed && finding.FixState != FixState.Fixed)
        {
            return new Suppression(Suppression.OnlyFixed, "--only-fixed", "no fix is available yet");
        }

        return null;
    }
}
