namespace Gantry.Versioning.Constraints;

/// <summary>A parsed constraint: its text, its scheme's parser and the compiled predicate.</summary>
internal sealed class Constraint(string text, IVersionComparer comparer, VersionPredicate predicate) : IVersionConstraint
{
    public string Text { get; } = text;

    public bool IsSatisfiedBy(string version) => predicate.Matches(comparer.Parse(version));

    public bool IsSatisfiedBy(ParsedVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Scheme != comparer.Scheme)
        {
            throw new ArgumentException($"a {comparer.Scheme} constraint cannot test a {version.Scheme} version", nameof(version));
        }

        return predicate.Matches(version);
    }

    public override string ToString() => Text;
}
