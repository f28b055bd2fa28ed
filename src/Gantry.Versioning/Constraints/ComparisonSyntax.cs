namespace Gantry.Versioning.Constraints;

/// <summary>
/// The plain syntax used by distro feeds and by schemes without a richer native one:
/// <c>&gt;= 1.0, &lt; 2.0 || = 3.1</c> (terms AND-ed by commas or spaces, alternatives OR-ed by <c>||</c>).
/// </summary>
internal static class ComparisonSyntax
{
    public static IVersionConstraint? Parse(string text, IVersionComparer comparer, out string? problem)
    {
        var predicate = ParsePredicate(text, comparer, out problem);
        return predicate is null ? null : new Constraint(text, comparer, predicate);
    }

    public static VersionPredicate? ParsePredicate(string text, IVersionComparer comparer, out string? problem)
    {
        var alternatives = new List<VersionPredicate>();
        foreach (var alternative in text.Split("||"))
        {
            var terms = ComparatorTerm.Split(alternative, commaSeparates: true, out problem);
            if (terms is null)
            {
                return null;
            }

            var parts = new List<VersionPredicate>(terms.Count);
            foreach (var term in terms)
            {
                var op = ComparatorTerm.ToOperator(term.Operator);
                if (op is null)
                {
                    problem = $"unknown operator '{term.Operator}'";
                    return null;
                }

                if (!comparer.TryParse(term.Version, out var bound, out var error))
                {
                    problem = error;
                    return null;
                }

                parts.Add(new ComparisonPredicate(op.Value, bound));
            }

            alternatives.Add(parts.Count == 1 ? parts[0] : new AllOfPredicate(parts));
        }

        problem = null;
        return alternatives.Count == 1 ? alternatives[0] : new AnyOfPredicate(alternatives);
    }
}
