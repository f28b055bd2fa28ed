using System.Diagnostics.CodeAnalysis;

namespace Gantry.Versioning;

/// <summary>
/// Parses and orders the versions of one scheme, and parses that scheme's native constraint syntax.
/// Comparing strings parses them each time; parse once with <see cref="Parse"/> when a version is reused.
/// </summary>
public interface IVersionComparer : IComparer<string>
{
    VersionScheme Scheme { get; }

    /// <summary>Parses <paramref name="version"/>; on failure <paramref name="error"/> names the string and the problem.</summary>
    bool TryParse(string? version, [NotNullWhen(true)] out ParsedVersion? parsed, [NotNullWhen(false)] out string? error);

    /// <summary>Parses <paramref name="version"/> or throws <see cref="VersionFormatException"/>.</summary>
    ParsedVersion Parse(string version);

    /// <summary>Parses a constraint such as <c>&gt;=1.2, &lt;2</c>, <c>^1.2.3</c>, <c>~=1.4</c> or <c>[1.0,2.0)</c>.</summary>
    bool TryParseConstraint(string? constraint, [NotNullWhen(true)] out IVersionConstraint? parsed, [NotNullWhen(false)] out string? error);

    /// <summary>Parses a constraint or throws <see cref="VersionFormatException"/>.</summary>
    IVersionConstraint ParseConstraint(string constraint);
}
