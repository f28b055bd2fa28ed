using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>The namespace of an image's distro release in each distro family's data.</summary>
internal static class DistroReleases
{
    /// <summary><c>debian:12</c> from VERSION_ID (or the codename for testing/sid), <c>ubuntu:22.04</c>.</summary>
    public static string? Dpkg(Distro distro) => distro.Id switch
    {
        "debian" when Major(distro.VersionId) is { } major => $"debian:{major}",
        "debian" when distro.VersionCodename is { } codename => Namespaces.FromDebianCodename(codename),
        "ubuntu" when distro.VersionId.Length > 0 => $"ubuntu:{distro.VersionId}",
        _ => null,
    };

    /// <summary><c>alpine:3.19</c>: secdb is per branch, so VERSION_ID 3.19.1 reads the v3.19 data.</summary>
    public static string? Apk(Distro distro) => distro.Id switch
    {
        "alpine" when MajorMinor(distro.VersionId) is { } branch => $"alpine:{branch}",
        "wolfi" or "chainguard" => distro.Id,
        _ => null,
    };

    /// <summary><c>rhel:9</c> (CentOS reads Red Hat's data), <c>rocky:9</c>, <c>almalinux:9</c>.</summary>
    public static string? Rpm(Distro distro) => (distro.Id, Major(distro.VersionId)) switch
    {
        ("rhel" or "centos", { } major) => $"rhel:{major}",
        ("rocky" or "almalinux", { } major) => $"{distro.Id}:{major}",
        (_, { } major) => $"{distro.Id}:{major}",
        _ => null,
    };

    private static string? Major(string versionId)
    {
        var digits = new string(versionId.TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length > 0 ? digits : null;
    }

    private static string? MajorMinor(string versionId)
    {
        var parts = versionId.Split('.');
        return parts.Length >= 2 && parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit) && Major(parts[1]) is { } minor
            ? $"{parts[0]}.{minor}"
            : null;
    }
}
