using System.Globalization;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Suppression;

/// <summary>
/// One rule of an ignore file. Every criterion given must hold for a finding to be ignored: the vulnerability id
/// (or one of its aliases), the package name (glob), version, type, a location glob, the fix state.
/// </summary>
public sealed class IgnoreRule
{
    private readonly Glob? _name;
    private readonly Glob? _location;

    internal IgnoreRule(int index, string? vulnerability, string? name, string? version, PackageType? type, string? location, FixState? fixState, string reason, DateOnly? expires)
    {
        Index = index;
        Vulnerability = vulnerability;
        PackageName = name;
        PackageVersion = version;
        PackageType = type;
        Location = location;
        FixState = fixState;
        Reason = reason;
        Expires = expires;
        _name = name is null ? null : new Glob(name);
        _location = location is null ? null : new Glob(location);
    }

    /// <summary>The rule's position in the file (1-based), to name it in messages.</summary>
    public int Index { get; }

    public string? Vulnerability { get; }

    public string? PackageName { get; }

    public string? PackageVersion { get; }

    public PackageType? PackageType { get; }

    public string? Location { get; }

    public FixState? FixState { get; }

    public string Reason { get; }

    /// <summary>The last day the rule applies; from the next day on it is ignored with a warning.</summary>
    public DateOnly? Expires { get; }

    public bool IsExpired(DateOnly today) => Expires is { } expires && today > expires;

    public bool Matches(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var package = finding.Package;
        return (Vulnerability is null || finding.Vulnerability.Id == Vulnerability || finding.Vulnerability.Aliases.Contains(Vulnerability))
            && (_name is null || _name.IsMatch(package.Name))
            && (PackageVersion is null || package.Version == PackageVersion)
            && (PackageType is null || package.Type == PackageType)
            && (_location is null || package.Locations.Any(l => _location.IsMatch(l.Path)))
            && (FixState is null || finding.FixState == FixState);
    }

    /// <summary>The rule in words: <c>rule 2 (CVE-2023-1234, package openssl)</c>.</summary>
    public override string ToString()
    {
        var parts = new[]
        {
            Vulnerability,
            PackageName is null ? null : "package " + PackageName,
            PackageVersion is null ? null : "version " + PackageVersion,
            PackageType is null ? null : "type " + PackageType.Value.ToWireName(),
            Location is null ? null : "location " + Location,
            FixState is null ? null : "fix-state " + FixStates.ToWire(FixState.Value),
            Expires is null ? null : "expires " + Expires.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }.OfType<string>();
        return $"rule {Index.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", parts)})";
    }
}
