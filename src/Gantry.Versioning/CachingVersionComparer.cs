using System.Diagnostics.CodeAnalysis;

namespace Gantry.Versioning;

/// <summary>
/// A comparer that parses each spelling once, for work that meets the same strings again and again: in one scan, the
/// PyPI and Go records of a package list the same hundreds of versions, record after record. Not thread-safe; the
/// cache lives as long as the instance, so make one per task.
/// </summary>
public sealed class CachingVersionComparer(IVersionComparer inner) : IVersionComparer
{
    private readonly Dictionary<string, (ParsedVersion? Parsed, string? Error)> _parsed = new(StringComparer.Ordinal);

    public VersionScheme Scheme => inner.Scheme;

    public int Compare(string? x, string? y) => Parse(x!).CompareTo(Parse(y!));

    public bool TryParse(string? version, [NotNullWhen(true)] out ParsedVersion? parsed, [NotNullWhen(false)] out string? error)
    {
        if (version is null)
        {
            return inner.TryParse(version, out parsed, out error);
        }

        if (!_parsed.TryGetValue(version, out var entry))
        {
            entry = inner.TryParse(version, out var fresh, out var problem) ? (fresh, null) : (null, problem);
            _parsed[version] = entry;
        }

        (parsed, error) = entry;
        return parsed is not null;
    }

    public ParsedVersion Parse(string version) =>
        TryParse(version, out var parsed, out var error) ? parsed : throw new VersionFormatException(error);

    public bool TryParseConstraint(string? constraint, [NotNullWhen(true)] out IVersionConstraint? parsed, [NotNullWhen(false)] out string? error) =>
        inner.TryParseConstraint(constraint, out parsed, out error);

    public IVersionConstraint ParseConstraint(string constraint) => inner.ParseConstraint(constraint);
}
