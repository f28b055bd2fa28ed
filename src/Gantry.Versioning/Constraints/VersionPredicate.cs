namespace Gantry.Versioning.Constraints;

/// <summary>A test on a parsed version; constraints of every syntax compile down to these.</summary>
internal abstract class VersionPredicate
{
    public abstract bool Matches(ParsedVersion version);
}

internal enum ComparisonOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

/// <summary><c>version OP bound</c> in the scheme's ordering.</summary>
internal sealed class ComparisonPredicate(ComparisonOperator op, ParsedVersion bound) : VersionPredicate
{
    public ComparisonOperator Operator { get; } = op;

    public ParsedVersion Bound { get; } = bound;

    public override bool Matches(ParsedVersion version)
    {
        var c = version.CompareTo(Bound);
        return Operator switch
        {
            ComparisonOperator.Less => c < 0,
            ComparisonOperator.LessOrEqual => c <= 0,
            ComparisonOperator.Greater => c > 0,
            ComparisonOperator.GreaterOrEqual => c >= 0,
            ComparisonOperator.Equal => c == 0,
            _ => c != 0,
        };
    }
}

internal sealed class AllOfPredicate(IReadOnlyList<VersionPredicate> parts) : VersionPredicate
{
    public override bool Matches(ParsedVersion version)
    {
        foreach (var part in parts)
        {
            if (!part.Matches(version))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class AnyOfPredicate(IReadOnlyList<VersionPredicate> parts) : VersionPredicate
{
    public override bool Matches(ParsedVersion version)
    {
        foreach (var part in parts)
        {
            if (part.Matches(version))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Matches nothing (for example npm's <c>&lt;*</c>).</summary>
internal sealed class NothingPredicate : VersionPredicate
{
    public static readonly NothingPredicate Instance = new();

    public override bool Matches(ParsedVersion version) => false;
}
