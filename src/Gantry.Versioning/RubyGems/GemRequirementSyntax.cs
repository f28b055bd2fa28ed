using Gantry.Versioning.Constraints;

namespace Gantry.Versioning.RubyGems;

/// <summary>
/// <c>Gem::Requirement</c>: comma-separated, AND-ed <c>= != &gt; &lt; &gt;= &lt;= ~&gt;</c> terms (no operator means =).
/// <c>~&gt; 1.2.3</c> is <c>&gt;= 1.2.3</c> with a release below <c>1.3</c> (<c>Gem::Version#bump</c>).
/// </summary>
internal static class GemRequirementSyntax
{
    public static IVersionConstraint? Parse(string text, IVersionComparer comparer, out string? problem)
    {
        var terms = ComparatorTerm.Split(text, commaSeparates: true, out problem);
        if (terms is null)
        {
            return null;
        }

        var parts = new List<VersionPredicate>(terms.Count);
        foreach (var term in terms)
        {
            if (!comparer.TryParse(term.Version, out var bound, out problem))
            {
                return null;
            }

            if (term.Operator == "~>")
            {
                parts.Add(new PessimisticPredicate((GemVersion)bound));
                continue;
            }

            var op = term.Operator == "==" ? null : ComparatorTerm.ToOperator(term.Operator);
            if (op is null)
            {
                problem = $"unknown operator '{term.Operator}'";
                return null;
            }

            parts.Add(new ComparisonPredicate(op.Value, bound));
        }

        problem = null;
        return new Constraint(text, comparer, parts.Count == 1 ? parts[0] : new AllOfPredicate(parts));
    }
}

/// <summary><c>~&gt; r</c>: <c>v &gt;= r &amp;&amp; v.release &lt; r.bump</c>.</summary>
internal sealed class PessimisticPredicate(GemVersion bound) : VersionPredicate
{
    private readonly GemVersion _bump = Bump(bound);

    public override bool Matches(ParsedVersion version)
    {
        var v = (GemVersion)version;
        return v.CompareTo(bound) >= 0 && Release(v).CompareTo(_bump) < 0;
    }

    /// <summary>Drops the pre-release segments and the last release segment, then increments what is now last.</summary>
    private static GemVersion Bump(GemVersion v)
    {
        var segments = v.Segments.TakeWhile(GemVersion.IsNumber).ToList();
        if (segments.Count > 1)
        {
            segments.RemoveAt(segments.Count - 1);
        }

        segments[^1] = VersionText.Increment(segments[^1]);
        return GemVersion.FromSegments(segments);
    }

    private static GemVersion Release(GemVersion v) =>
        v.IsPrerelease ? GemVersion.FromSegments(v.Segments.TakeWhile(GemVersion.IsNumber)) : v;
}
