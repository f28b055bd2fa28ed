using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// Maps the way feeds name ecosystems and distro releases onto Gantry namespaces: language ecosystems keep their
/// OSV names (<c>PyPI</c>, <c>Go</c>, <c>crates.io</c>); distros become lower-case <c>distro:release</c>
/// (<c>debian:12</c>, <c>alpine:3.11</c>, <c>ubuntu:22.04</c>, <c>rhel:9</c>).
/// </summary>
public static partial class Namespaces
{
    /// <summary>Converts an OSV <c>affected[].package.ecosystem</c> value to a namespace.</summary>
    public static string FromOsvEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var parts = ecosystem.Split(':');
        return DistroFamilies.ByOsvName(parts[0]) switch
        {
            null => ecosystem,
            { Name: "rhel" } => Distro("rhel", MajorRelease(ecosystem)),
            { Name: "suse" or "opensuse" } family => Distro(family.Name, parts.Length > 1 ? Slug(parts[1]) : null),
            var family => Distro(family.Name, ReleaseOf(parts[0], parts)),
        };
    }

    /// <summary>The namespace of an Alpine secdb file from its <c>distroversion</c> (<c>v3.11</c> → <c>alpine:3.11</c>).</summary>
    public static string FromAlpineBranch(string distroVersion)
    {
        ArgumentNullException.ThrowIfNull(distroVersion);
        return Distro("alpine", distroVersion.TrimStart('v'));
    }

    /// <summary>The namespace of a Debian release codename, or null when the codename is not known.</summary>
    public static string? FromDebianCodename(string codename) => DistroFamilies.DebianNamespace(codename);

    private static string Distro(string name, string? release) => release is null ? name : $"{name}:{release}";

    private static string? ReleaseOf(string distro, string[] parts)
    {
        if (parts.Length < 2)
        {
            return null;
        }

        // Ubuntu writes "Ubuntu:22.04:LTS" and "Ubuntu:Pro:18.04:LTS"; the release is the numeric part.
        if (distro == "Ubuntu")
        {
            var numeric = parts.Skip(1).FirstOrDefault(p => p.Length > 0 && char.IsAsciiDigit(p[0]));
            var pro = parts.Contains("Pro", StringComparer.Ordinal) ? "pro-" : string.Empty;
            return numeric is null ? Slug(parts[1]) : pro + numeric;
        }

        return Slug(parts[1].TrimStart('v'));
    }

    private static string? MajorRelease(string ecosystem)
    {
        var match = MajorVersionPattern().Match(ecosystem);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Slug(string text) =>
        WhitespacePattern().Replace(text.Trim(), "-").ToLower(CultureInfo.InvariantCulture);

    [GeneratedRegex(@":(\d+)(?:[.:]|$)")]
    private static partial Regex MajorVersionPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
