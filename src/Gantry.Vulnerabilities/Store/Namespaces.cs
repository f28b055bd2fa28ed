using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// Maps the way feeds name ecosystems and distro releases onto Gantry namespaces: language ecosystems keep their
/// OSV names (<c>PyPI</c>, <c>Go</c>, <c>crates.io</c>); distros become lower-case <c>distro:release</c>
/// (<c>debian:12</c>, <c>alpine:3.11</c>, <c>ubuntu:22.04</c>, <c>rhel:9</c>).
/// </summary>
public static partial class Namespaces
{
    /// <summary>The OSV language ecosystems, spelled as the OSV schema spells them.</summary>
    public static IReadOnlyList<string> OsvLanguageEcosystems { get; } =
        ["PyPI", "npm", "Go", "Maven", "NuGet", "RubyGems", "crates.io", "Packagist", "Hex", "Pub"];

    /// <summary>Debian codenames and the release numbers that namespaces use.</summary>
    public static IReadOnlyDictionary<string, string> DebianReleases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["wheezy"] = "7",
        ["jessie"] = "8",
        ["stretch"] = "9",
        ["buster"] = "10",
        ["bullseye"] = "11",
        ["bookworm"] = "12",
        ["trixie"] = "13",
        ["forky"] = "14",
        ["sid"] = "unstable",
    };

    /// <summary>Converts an OSV <c>affected[].package.ecosystem</c> value to a namespace.</summary>
    public static string FromOsvEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var parts = ecosystem.Split(':');
        var distro = parts[0];
        var release = parts.Length > 1 ? parts[1] : null;
        return distro switch
        {
            "Debian" or "Alpine" or "Ubuntu" or "Rocky Linux" or "AlmaLinux" or "Mageia" or "openEuler" or "Photon OS" or "Wolfi" or "Chainguard"
                => Distro(DistroName(distro), ReleaseOf(distro, parts)),
            "Red Hat" => Distro("rhel", MajorRelease(ecosystem)),
            "SUSE" or "openSUSE" => Distro(distro.ToLowerInvariant(), release is null ? null : Slug(release)),
            _ => ecosystem,
        };
    }

    /// <summary>The namespace of an Alpine secdb file from its <c>distroversion</c> (<c>v3.11</c> → <c>alpine:3.11</c>).</summary>
    public static string FromAlpineBranch(string distroVersion)
    {
        ArgumentNullException.ThrowIfNull(distroVersion);
        return Distro("alpine", distroVersion.TrimStart('v'));
    }

    /// <summary>The namespace of a Debian release codename, or null when the codename is not known.</summary>
    public static string? FromDebianCodename(string codename) =>
        DebianReleases.TryGetValue(codename, out var release) ? Distro("debian", release) : null;

    private static string Distro(string name, string? release) => release is null ? name : $"{name}:{release}";

    private static string DistroName(string osvName) => osvName switch
    {
        "Rocky Linux" => "rocky",
        "AlmaLinux" => "almalinux",
        "Photon OS" => "photon",
        _ => osvName.ToLowerInvariant(),
    };

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
