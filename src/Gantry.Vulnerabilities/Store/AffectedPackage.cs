using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// One package that a vulnerability affects in one namespace, as the feed states it. The store keeps ranges as
/// data; evaluating them against an installed version is the matcher's job (with Gantry.Versioning).
/// </summary>
public sealed record AffectedPackage
{
    /// <summary>The record this entry belongs to (CVE-…, GO-…, PYSEC-…).</summary>
    public required string VulnerabilityId { get; init; }

    /// <summary>
    /// The ecosystem (<c>PyPI</c>, <c>Go</c>, <c>npm</c>…) or the distro and release (<c>debian:12</c>, <c>alpine:3.11</c>).
    /// </summary>
    public required string Namespace { get; init; }

    /// <summary>The package name as the feed spells it (a source package for distro feeds).</summary>
    public required string Name { get; init; }

    /// <summary>The name normalized for lookups with <see cref="PackageNames.Normalize"/>.</summary>
    public string NormalizedName => PackageNames.Normalize(Namespace, Name);

    public IReadOnlyList<AffectedRange> Ranges { get; init; } = [];

    /// <summary>Versions listed one by one as affected (OSV <c>versions[]</c>).</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    public IReadOnlyList<string> FixedVersions { get; init; } = [];

    public FixState FixState { get; init; }

    /// <summary>The distro's own rating for this package (Debian urgency), when the feed gives one.</summary>
    public Severity? Severity { get; init; }

    /// <summary>The source that supplied the entry (a name from the sources file or the import).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Go: the packages, symbols and platforms the flaw lives in (OSV <c>ecosystem_specific.imports</c>); empty when not given.</summary>
    public IReadOnlyList<GoImport> GoImports { get; init; } = [];
}

/// <summary>
/// One entry of an OSV Go record's <c>ecosystem_specific.imports</c>: a package path, the vulnerable functions in it
/// (none listed: the whole package), and the platforms it applies to (none listed: all).
/// </summary>
public sealed record GoImport(string Path, IReadOnlyList<string> Symbols, IReadOnlyList<string> Goos, IReadOnlyList<string> Goarch);

/// <summary>A version range in OSV terms: a type (SEMVER, ECOSYSTEM, GIT) and its ordered events.</summary>
public sealed record AffectedRange(string Type, IReadOnlyList<RangeEvent> Events, string? Repo = null)
{
    public const string Semver = "SEMVER";
    public const string Ecosystem = "ECOSYSTEM";
    public const string Git = "GIT";

    /// <summary>The range a distro feed means by "fixed in V": everything before V.</summary>
    public static AffectedRange FixedIn(string version) =>
        new(Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, version)]);

    /// <summary>The range a distro feed means by "open, no fix yet": every version.</summary>
    public static AffectedRange AllVersions { get; } = new(Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0")]);

    /// <summary>The range in the record's own words, e.g. <c>ECOSYSTEM: introduced 0, fixed 1.6.0</c>.</summary>
    public override string ToString() =>
        $"{Type}: {string.Join(", ", Events.Select(e => $"{RangeEventNames.ToWire(e.Kind)} {e.Version}"))}";
}

public sealed record RangeEvent(RangeEventKind Kind, string Version);

/// <summary>The four OSV range events.</summary>
public enum RangeEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

public static class RangeEventNames
{
    public static string ToWire(RangeEventKind kind) => kind switch
    {
        RangeEventKind.Introduced => "introduced",
        RangeEventKind.Fixed => "fixed",
        RangeEventKind.LastAffected => "last_affected",
        RangeEventKind.Limit => "limit",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string name, out RangeEventKind kind)
    {
        switch (name)
        {
            case "introduced": kind = RangeEventKind.Introduced; return true;
            case "fixed": kind = RangeEventKind.Fixed; return true;
            case "last_affected": kind = RangeEventKind.LastAffected; return true;
            case "limit": kind = RangeEventKind.Limit; return true;
            default: kind = default; return false;
        }
    }
}
