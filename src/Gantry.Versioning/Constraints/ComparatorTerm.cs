namespace Gantry.Versioning.Constraints;

/// <summary>One <c>OP VERSION</c> term of a constraint, as written (operator may be empty).</summary>
internal readonly record struct ComparatorTerm(string Operator, string Version)
{
    private const string OperatorChars = "<>=!~^";

    /// <summary>
    /// Splits an AND-ed list such as <c>&gt;= 1.0, &lt;2</c> or <c>&gt;=1.0 &lt;2</c> into terms; whitespace between an
    /// operator and its version is allowed. Linear in the input.
    /// </summary>
    public static List<ComparatorTerm>? Split(string text, bool commaSeparates, out string? problem)
    {
        var terms = new List<ComparatorTerm>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || (commaSeparates && text[i] == ',')))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var opStart = i;
            while (i < text.Length && OperatorChars.Contains(text[i], StringComparison.Ordinal))
            {
                i++;
            }

            var op = text[opStart..i];
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var versionStart = i;
            // A version runs to the next separator: '~', '^' and '!' are legal inside dpkg, rpm and PEP 440 versions.
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !(commaSeparates && text[i] == ','))
            {
                i++;
            }

            if (i == versionStart)
            {
                problem = op.Length == 0 ? "it has an empty term" : $"operator '{op}' has no version";
                return null;
            }

            terms.Add(new ComparatorTerm(op, text[versionStart..i]));
        }

        if (terms.Count == 0)
        {
            problem = "it has no terms";
            return null;
        }

        problem = null;
        return terms;
    }

    public static ComparisonOperator? ToOperator(string op) => op switch
    {
        "<" => ComparisonOperator.Less,
        "<=" => ComparisonOperator.LessOrEqual,
        ">" => ComparisonOperator.Greater,
        ">=" => ComparisonOperator.GreaterOrEqual,
        "" or "=" or "==" => ComparisonOperator.Equal,
        "!=" => ComparisonOperator.NotEqual,
        _ => null,
    };
}
