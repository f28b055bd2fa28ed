using System.Diagnostics.CodeAnalysis;

namespace Gantry.Versioning;

/// <summary>Parses one version; returns null with a problem description on failure (no exceptions on bad input).</summary>
internal delegate ParsedVersion? VersionParser(string text, out string? problem);

/// <summary>Parses one constraint in a scheme's syntax; returns null with a problem description on failure.</summary>
internal delegate IVersionConstraint? ConstraintParser(string text, IVersionComparer comparer, out string? problem);

/// <summary>The one <see cref="IVersionComparer"/> implementation: a scheme's parser plus its constraint syntax.</summary>
internal sealed class SchemeComparer(VersionScheme scheme, bool allowNonAscii, VersionParser parser, ConstraintParser constraintParser) : IVersionComparer
{
    public VersionScheme Scheme { get; } = scheme;

    public int Compare(string? x, string? y) => Parse(x!).CompareTo(Parse(y!));

    public bool TryParse(string? version, [NotNullWhen(true)] out ParsedVersion? parsed, [NotNullWhen(false)] out string? error)
    {
        string? problem;
        parsed = VersionText.CheckCommon(version, allowNonAscii, out problem) ? parser(version!, out problem) : null;
        error = parsed is null ? VersionText.Error(Scheme, version, problem ?? "it does not parse") : null;
        return parsed is not null;
    }

    public ParsedVersion Parse(string version) =>
        TryParse(version, out var parsed, out var error) ? parsed : throw new VersionFormatException(error);

    public bool TryParseConstraint(string? constraint, [NotNullWhen(true)] out IVersionConstraint? parsed, [NotNullWhen(false)] out string? error)
    {
        string? problem;
        if (string.IsNullOrWhiteSpace(constraint))
        {
            (parsed, problem) = (null, "it is empty");
        }
        else if (constraint.Length > VersionText.MaxLength * 4)
        {
            (parsed, problem) = (null, $"it is {constraint.Length} characters long (at most {VersionText.MaxLength * 4})");
        }
        else
        {
            parsed = constraintParser(constraint, this, out problem);
        }

        error = parsed is null ? VersionText.ConstraintError(Scheme, constraint, problem ?? "it does not parse") : null;
        return parsed is not null;
    }

    public IVersionConstraint ParseConstraint(string constraint) =>
        TryParseConstraint(constraint, out var parsed, out var error) ? parsed : throw new VersionFormatException(error);
}
