namespace Gantry.Core;

/// <summary>Which part of an image's <c>VERSION_ID</c> names the release in a distro's data.</summary>
public enum ReleaseKey
{
    /// <summary>The data is not split by release (Wolfi, Chainguard): the namespace is the distro name alone.</summary>
    None,

    /// <summary><c>debian:12</c>, <c>rhel:9</c>: the leading digits of VERSION_ID.</summary>
    Major,

    /// <summary><c>alpine:3.19</c>: secdb is per branch, so VERSION_ID 3.19.1 reads the v3.19 data.</summary>
    MajorMinor,

    /// <summary><c>ubuntu:22.04</c>: VERSION_ID as written.</summary>
    VersionId,
}

/// <summary>One distro's data in the database: its namespace name, the package type it speaks of, and the image ids that read it.</summary>
public sealed record DistroFamily
{
    /// <summary>The namespace name; a release's namespace is <c>name:release</c> (<c>debian:12</c>).</summary>
    public required string Name { get; init; }

    public required PackageType PackageType { get; init; }

    /// <summary>The os-release ids of images that read this data (CentOS reads Red Hat's); empty for data no image id maps to.</summary>
    public IReadOnlyList<string> ImageIds { get; init; } = [];

    /// <summary>The OSV <c>affected[].package.ecosystem</c> name before the release (<c>Red Hat</c>, <c>Rocky Linux</c>).</summary>
    public string? OsvName { get; init; }

    public ReleaseKey Release { get; init; } = ReleaseKey.Major;

    /// <summary>True when <c>db update</c> fetches OSV's export of <see cref="OsvName"/> by default (Debian and Alpine come from their own feeds).</summary>
    public bool DefaultOsvFeed { get; init; }
}

/// <summary>
/// The one table of distros: which database namespace an image's OS packages are matched against, which the matchers
/// use and which decides whether a database covers an image. An rpm-based distro with no row reads <c>id:major</c>.
/// </summary>
public static class DistroFamilies
{
    public static IReadOnlyList<DistroFamily> All { get; } =
    [
        new() { Name = "debian", PackageType = PackageType.Deb, ImageIds = ["debian"], OsvName = "Debian" },
        new() { Name = "ubuntu", PackageType = PackageType.Deb, ImageIds = ["ubuntu"], OsvName = "Ubuntu", Release = ReleaseKey.VersionId, DefaultOsvFeed = true },
        new() { Name = "alpine", PackageType = PackageType.Apk, ImageIds = ["alpine"], OsvName = "Alpine", Release = ReleaseKey.MajorMinor },
        new() { Name = "wolfi", PackageType = PackageType.Apk, ImageIds = ["wolfi"], OsvName = "Wolfi", Release = ReleaseKey.None, DefaultOsvFeed = true },
        new() { Name = "chainguard", PackageType = PackageType.Apk, ImageIds = ["chainguard"], OsvName = "Chainguard", Release = ReleaseKey.None, DefaultOsvFeed = true },
        new() { Name = "rhel", PackageType = PackageType.Rpm, ImageIds = ["rhel", "centos"], OsvName = "Red Hat", DefaultOsvFeed = true },
        new() { Name = "rocky", PackageType = PackageType.Rpm, ImageIds = ["rocky"], OsvName = "Rocky Linux", DefaultOsvFeed = true },
        new() { Name = "almalinux", PackageType = PackageType.Rpm, ImageIds = ["almalinux"], OsvName = "AlmaLinux", DefaultOsvFeed = true },
        // SUSE files a package under the product or module that ships it ("Linux Enterprise Module for Basesystem 15 SP5",
        // "… Server 15 SP4-LTSS"); every one of them is the code stream SLES 15 SP5 images read as VERSION_ID 15.5.
        new() { Name = "sles", PackageType = PackageType.Rpm, ImageIds = ["sles", "sles_sap", "sled", "sle_hpc"], OsvName = "SUSE", Release = ReleaseKey.VersionId, DefaultOsvFeed = true },
        new() { Name = "sle-micro", PackageType = PackageType.Rpm, ImageIds = ["sle-micro"], Release = ReleaseKey.VersionId },
        new() { Name = "opensuse-leap", PackageType = PackageType.Rpm, ImageIds = ["opensuse-leap", "opensuse"], OsvName = "openSUSE", Release = ReleaseKey.VersionId, DefaultOsvFeed = true },
        new() { Name = "opensuse-leap-micro", PackageType = PackageType.Rpm, ImageIds = ["opensuse-leap-micro"], Release = ReleaseKey.VersionId },
        new() { Name = "opensuse-tumbleweed", PackageType = PackageType.Rpm, ImageIds = ["opensuse-tumbleweed"], Release = ReleaseKey.None },
        // CBL-Mariner 2.0 became Azure Linux 3.0; OSV keeps both under "Azure Linux:<major>".
        new() { Name = "azurelinux", PackageType = PackageType.Rpm, ImageIds = ["azurelinux", "mariner"], OsvName = "Azure Linux", DefaultOsvFeed = true },
        new() { Name = "mageia", PackageType = PackageType.Rpm, ImageIds = ["mageia"], OsvName = "Mageia" },
        // openEuler's OSV releases carry the support line (22.03-LTS-SP3) that os-release keeps out of VERSION_ID (22.03).
        new() { Name = "openeuler", PackageType = PackageType.Rpm, ImageIds = ["openeuler"], OsvName = "openEuler", Release = ReleaseKey.MajorMinor },
        new() { Name = "photon", PackageType = PackageType.Rpm, ImageIds = ["photon"], OsvName = "Photon OS", Release = ReleaseKey.VersionId },
    ];

    /// <summary>Debian codenames and the release numbers that namespaces use (testing images name only their codename).</summary>
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

    public static DistroFamily? ByOsvName(string osvName) => All.FirstOrDefault(f => f.OsvName == osvName);

    /// <summary>The family whose data a distro namespace (<c>ubuntu:22.04</c>, <c>wolfi</c>) holds, or null for a language ecosystem.</summary>
    public static DistroFamily? OfNamespace(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var colon = @namespace.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? @namespace : @namespace[..colon];
        return All.FirstOrDefault(f => f.Name == name);
    }

    /// <summary>The OSV distro ecosystems whose exports <c>db update</c> fetches when no sources file is given.</summary>
    public static IEnumerable<string> DefaultOsvFeeds => All.Where(f => f.DefaultOsvFeed).Select(f => f.OsvName).OfType<string>();

    /// <summary>
    /// The namespace whose data the image's packages of <paramref name="type"/> are matched against (<c>debian:12</c>,
    /// <c>alpine:3.19</c>, <c>rhel:7</c> for CentOS 7), or null when the image's release cannot be told.
    /// </summary>
    public static string? NamespaceOf(Distro distro, PackageType type)
    {
        ArgumentNullException.ThrowIfNull(distro);
        var family = All.FirstOrDefault(f => f.PackageType == type && f.ImageIds.Contains(distro.Id, StringComparer.Ordinal));
        if (family is null)
        {
            return type == PackageType.Rpm && Major(distro.VersionId) is { } major ? $"{distro.Id}:{major}" : null;
        }

        var release = family.Release switch
        {
            ReleaseKey.None => string.Empty,
            ReleaseKey.MajorMinor => MajorMinor(distro.VersionId),
            ReleaseKey.VersionId => distro.VersionId.Length > 0 ? distro.VersionId : null,
            _ => Major(distro.VersionId) ?? (family.Name == "debian" ? DebianRelease(distro.VersionCodename) : null),
        };
        return release switch
        {
            null => null,
            "" => family.Name,
            _ => $"{family.Name}:{release}",
        };
    }

    /// <summary>
    /// True when <paramref name="namespaces"/> hold the data the image's OS packages are matched against, or when the
    /// image has no OS packages (Anchore's <c>vulnerability_data_unavailable</c> considers only distro packages).
    /// </summary>
    public static bool Cover(IReadOnlyCollection<string> namespaces, Distro? distro, IEnumerable<PackageType> packageTypes) =>
        MissingData(namespaces, distro, packageTypes) is null;

    /// <summary>
    /// Why the image's OS packages cannot be matched against <paramref name="namespaces"/>, in one sentence for the
    /// user; null when the data is there (or the image has no OS packages). This is <see cref="Cover"/>'s reason.
    /// </summary>
    public static string? MissingData(IReadOnlyCollection<string> namespaces, Distro? distro, IEnumerable<PackageType> packageTypes)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        var osPackages = packageTypes.Where(t => t.IsOsPackage()).ToList();
        var osTypes = osPackages.Distinct().ToList();
        if (osTypes.Count == 0)
        {
            return null;
        }

        var what = $"the image's {osPackages.Count} OS package(s) ({string.Join(", ", osTypes.Select(t => t.ToWireName()))}) were not matched";
        if (distro is null)
        {
            return $"no vulnerability data for the image's distro: no os-release (or release file) names it, so {what}";
        }

        var wanted = osTypes.Select(t => NamespaceOf(distro, t)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Any(ns => namespaces.Contains(ns, StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        var release = distro.PrettyName ?? $"{distro.Id} {distro.VersionId}".Trim();
        return wanted.Count == 0
            ? $"no vulnerability data for {release} (os-release id '{distro.Id}', VERSION_ID '{distro.VersionId}'): Gantry cannot tell which data it reads, so {what}"
            : $"no vulnerability data for {release} in the database (it reads {string.Join(", ", wanted)}; 'gantry db status' lists what the database holds), so {what}";
    }

    /// <summary>The namespace of a Debian release codename, or null when the codename is not known.</summary>
    public static string? DebianNamespace(string codename) => DebianRelease(codename) is { } release ? $"debian:{release}" : null;

    private static string? DebianRelease(string? codename) =>
        codename is not null && DebianReleases.TryGetValue(codename, out var release) ? release : null;

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
