using Gantry.Versioning.Constraints;

namespace Gantry.Versioning.NuGet;

/// <summary>
/// NuGet version ranges (<c>VersionRange.Parse</c>): <c>1.0</c> (at least 1.0), <c>[1.0]</c>, <c>[1.0,2.0)</c>,
/// <c>(,1.0]</c>, <c>(1.0,)</c>. Floating ranges (<c>1.*</c>) describe restore behaviour, not a set, and are rejected.
/// </summary>
internal static class NuGetRangeSyntax
{
    public static IVersionConstraint? Parse(string text, IVersionComparer comparer, out string? problem)
    {
        var s = text.Trim();
        if (s.Contains('*', StringComparison.Ordinal))
        {
            problem = "floating ranges are not supported";
            return null;
        }

        if (s[0] is not ('[' or '('))
        {
            return comparer.TryParse(s, out var minimum, out problem)
                ? new Constraint(text, comparer, new ComparisonPredicate(ComparisonOperator.GreaterOrEqual, minimum))
                : null;
        }

        if (s.Length < 3 || s[^1] is not (']' or ')'))
        {
            problem = "a range must end with ']' or ')'";
            return null;
        }

        var lowerInclusive = s[0] == '[';
        var upperInclusive = s[^1] == ']';
        var inner = s[1..^1].Split(',');
        if (inner.Length > 2)
        {
            problem = "a range has at most two bounds";
            return null;
        }

        if (inner.Length == 1)
        {
            if (!lowerInclusive || !upperInclusive)
            {
                problem = "an exact version must be written [x]";
                return null;
            }

            return comparer.TryParse(inner[0].Trim(), out var exact, out problem)
                ? new Constraint(text, comparer, new ComparisonPredicate(ComparisonOperator.Equal, exact))
                : null;
        }

        var parts = new List<ComparisonPredicate>();
        foreach (var (boundText, isLower) in new[] { (inner[0].Trim(), true), (inner[1].Trim(), false) })
        {
            if (boundText.Length == 0)
            {
                continue;
            }

            if (!comparer.TryParse(boundText, out var bound, out problem))
            {
                return null;
            }

            parts.Add(new ComparisonPredicate(
                isLower
                    ? lowerInclusive ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.Greater
                    : upperInclusive ? ComparisonOperator.LessOrEqual : ComparisonOperator.Less,
                bound));
        }

        if (parts.Count == 0)
        {
            problem = "a range needs at least one bound";
            return null;
        }

        if (parts.Count == 2 && parts[1].Bound.CompareTo(parts[0].Bound) is var order
            && (order < 0 || (order == 0 && !(lowerInclusive && upperInclusive))))
        {
            problem = "the upper bound is below the lower bound";
            return null;
        }

        problem = null;
        return new Constraint(text, comparer, parts.Count == 1 ? parts[0] : new AllOfPredicate(parts));
    }
}
