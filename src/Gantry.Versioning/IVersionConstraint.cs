namespace Gantry.Versioning;

/// <summary>A set of versions described in a scheme's native constraint syntax.</summary>
public interface IVersionConstraint
{
    /// <summary>The constraint as written.</summary>
    string Text { get; }

    /// <summary>True when the version is in the set; throws <see cref="VersionFormatException"/> if it does not parse.</summary>
    bool IsSatisfiedBy(string version);

    bool IsSatisfiedBy(ParsedVersion version);
}
