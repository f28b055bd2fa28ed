using Gantry.Versioning.Constraints;

namespace Gantry.Versioning.Maven;

/// <summary>
/// Maven version ranges as <c>VersionRange.createFromVersionSpec</c> reads them: <c>[1.0,2.0)</c>, <c>(,1.0]</c>,
/// <c>[1.5]</c>, unions <c>(,1.0],[1.2,)</c>. A bare version means exactly that version (in a POM it would be a soft
/// "recommended" version that matches anything, which is useless for vulnerability data).
/// </summary>
internal static class MavenRangeSyntax
{
    public static IVersionConstraint? Parse(string text, IVersionComparer comparer, out string? problem)
    {
        var rest = text.Trim();
        var restrictions = new List<VersionPredicate>();
        ParsedVersion? previousUpper = null;
        while (rest.StartsWith('[') || rest.StartsWith('('))
        {
            var close = rest.IndexOfAny([')', ']']);
            if (close < 0)
            {
                problem = "a range is not closed";
                return null;
            }

            var restriction = ParseRestriction(rest[..(close + 1)], comparer, out problem);
            if (restriction is null)
            {
                return null;
            }

            // Like Maven, each range of a union must start after the previous one ends.
            if (previousUpper is not null && (restriction.Value.Lower is null || restriction.Value.Lower.CompareTo(previousUpper) < 0))
            {
                problem = "its ranges overlap";
                return null;
            }

            restrictions.Add(restriction.Value.Predicate);
            previousUpper = restriction.Value.Upper;
            rest = rest[(close + 1)..].Trim();
            if (rest.StartsWith(','))
            {
                rest = rest[1..].Trim();
            }
        }

        if (rest.Length > 0)
        {
            if (restrictions.Count > 0)
            {
                problem = "only bracketed ranges may be combined";
                return null;
            }

            if (!comparer.TryParse(rest, out var exact, out problem))
            {
                return null;
            }

            restrictions.Add(new ComparisonPredicate(ComparisonOperator.Equal, exact));
        }

        problem = null;
        return new Constraint(text, comparer, restrictions.Count == 1 ? restrictions[0] : new AnyOfPredicate(restrictions));
    }

    private static (VersionPredicate Predicate, ParsedVersion? Lower, ParsedVersion? Upper)? ParseRestriction(string spec, IVersionComparer comparer, out string? problem)
    {
        var lowerInclusive = spec[0] == '[';
        var upperInclusive = spec[^1] == ']';
        var inner = spec[1..^1].Trim();
        var comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            if (!lowerInclusive || !upperInclusive)
            {
                problem = $"the single version in '{spec}' must be inside []";
                return null;
            }

            return comparer.TryParse(inner, out var exact, out problem) ? (new ComparisonPredicate(ComparisonOperator.Equal, exact), exact, exact) : null;
        }

        var lowerText = inner[..comma].Trim();
        var upperText = inner[(comma + 1)..].Trim();
        if (lowerText == upperText)
        {
            problem = $"the range '{spec}' has identical bounds";
            return null;
        }

        var parts = new List<ComparisonPredicate>();
        ParsedVersion? lower = null;
        ParsedVersion? upper = null;
        if (lowerText.Length > 0)
        {
            if (!comparer.TryParse(lowerText, out lower, out problem))
            {
                return null;
            }

            parts.Add(new ComparisonPredicate(lowerInclusive ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.Greater, lower));
        }

        if (upperText.Length > 0)
        {
            if (!comparer.TryParse(upperText, out upper, out problem))
            {
                return null;
            }

            parts.Add(new ComparisonPredicate(upperInclusive ? ComparisonOperator.LessOrEqual : ComparisonOperator.Less, upper));
        }

        if (lower is not null && upper is not null && upper.CompareTo(lower) < 0)
        {
            problem = $"the range '{spec}' has its upper bound below its lower bound";
            return null;
        }

        problem = null;
        VersionPredicate predicate = parts.Count == 1 ? parts[0] : new AllOfPredicate(parts);
        return (predicate, lower, upper);
    }
}
