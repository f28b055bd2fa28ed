using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// Maps the way feeds name ecosystems and distro releases onto Gantry namespaces: language ecosystems keep their
/// OSV names (<c>PyPI</c>, <c>Go</c>, <c>crates.io</c>); distros become lower-case <c>distro:release</c>
/// (<c>debian:12</c>, <c>alpine:3.11</c>, <c>ubuntu:22.04</c>, <c>rhel:9</c>, <c>sles:15.5</c>, <c>opensuse-leap:15.5</c>). A distro
/// namespace is the one <see cref="DistroFamilies.NamespaceOf"/> gives the images of that release, so the two map both ways.
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
            { Name: "rhel" } => RedHat(parts),
            { Name: "sles" } => Suse(parts.Length > 1 ? parts[1] : string.Empty),
            { Name: "opensuse-leap" } => OpenSuse(parts.Length > 1 ? parts[1] : string.Empty),
            { Release: ReleaseKey.MajorMinor } family => Distro(family.Name, MajorMinor(ReleaseOf(parts[0], parts))),
            var family => Distro(family.Name, ReleaseOf(parts[0], parts)),
        };
    }

    /// <summary>
    /// <c>Red Hat:enterprise_linux:9::appstream</c>, <c>Red Hat:rhel_eus:9.4::baseos</c> → <c>rhel:9</c>: every stream of
    /// RHEL itself is the major release's data. Layered products (<c>Red Hat:openshift:4.14::el9</c>) ship packages no
    /// UBI or RHEL image holds by default, so they keep a namespace of their own (<c>redhat-openshift:4.14</c>) that no
    /// image id maps to, rather than mixing their fixes into the release's.
    /// </summary>
    private static string RedHat(string[] parts)
    {
        var product = parts.Length > 1 ? parts[1] : string.Empty;
        var version = parts.Length > 2 ? parts[2] : string.Empty;
        return product.StartsWith("enterprise_linux", StringComparison.Ordinal) || product.StartsWith("rhel_", StringComparison.Ordinal)
            ? Distro("rhel", MajorRelease(":" + version))
            : Distro("redhat-" + Slug(product), version.Length > 0 ? Slug(version) : null);
    }

    /// <summary>
    /// <c>SUSE:Linux Enterprise Server 15 SP5</c>, <c>SUSE:Linux Enterprise Module for Basesystem 15 SP5</c>,
    /// <c>SUSE:Linux Enterprise Server 15 SP4-LTSS</c> → <c>sles:15.5</c> (os-release writes VERSION_ID 15.5);
    /// <c>SUSE:Linux Enterprise Micro 5.5</c> → <c>sle-micro:5.5</c>; other SUSE products keep a slug.
    /// </summary>
    private static string Suse(string product)
    {
        if (SleMicroPattern().Match(product) is { Success: true } micro)
        {
            return Distro("sle-micro", micro.Groups["version"].Value);
        }

        return SlePattern().Match(product) is { Success: true } sle
            ? Distro("sles", sle.Groups["sp"].Success ? $"{sle.Groups["major"].Value}.{sle.Groups["sp"].Value}" : sle.Groups["major"].Value)
            : Distro("suse", Slug(product));
    }

    /// <summary><c>openSUSE:Leap 15.5</c> → <c>opensuse-leap:15.5</c>, <c>openSUSE:Leap Micro 5.5</c>, <c>openSUSE:Tumbleweed</c>.</summary>
    private static string OpenSuse(string product)
    {
        var words = product.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["Tumbleweed"] => "opensuse-tumbleweed",
            ["Leap", "Micro", var version] => Distro("opensuse-leap-micro", version),
            ["Leap", var version] => Distro("opensuse-leap", version),
            _ => Distro("opensuse", Slug(product)),
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

    /// <summary>The branch images read (<c>24.03</c> of <c>24.03-lts</c>); a release without one is kept as written.</summary>
    private static string? MajorMinor(string? release) =>
        release is not null && MajorMinorPattern().Match(release) is { Success: true } match ? match.Value : release;

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

    [GeneratedRegex(@"^\d+\.\d+")]
    private static partial Regex MajorMinorPattern();

    [GeneratedRegex(@"^Linux Enterprise Micro (?<version>\d+\.\d+)$")]
    private static partial Regex SleMicroPattern();

    [GeneratedRegex(@"^Linux Enterprise .*?(?<major>\d+)(?: SP(?<sp>\d+))?(?:-LTSS|-ESPOS|-TERADATA)?$")]
    private static partial Regex SlePattern();
}
