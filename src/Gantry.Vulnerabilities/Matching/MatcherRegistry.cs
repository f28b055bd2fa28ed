using Gantry.Core;
using Gantry.Versioning;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// Every matcher, one per ecosystem, built from the rows of <see cref="Ecosystems"/>: OS packages are matched against
/// their distro release's data (<see cref="DistroFamilies"/>), language packages against their OSV ecosystem's. Only
/// what a row cannot say (which names and versions a package is looked up by, where that is not its own) is written
/// here. The CPE matcher is kept apart because it applies by rule, not by type.
/// </summary>
public static class MatcherRegistry
{
    /// <summary>The names (and versions) an OS package is looked up by in its distro's data.</summary>
    private static readonly Dictionary<PackageType, Func<Package, IEnumerable<DistroLookup>>> DistroLookups = new()
    {
        [PackageType.Deb] = DpkgLookups,
        [PackageType.Apk] = ApkLookups,
        [PackageType.Rpm] = RpmLookups,
    };

    /// <summary>The ecosystems whose advisories name a package otherwise than by its name; the rest use <see cref="Package.Name"/>.</summary>
    private static readonly Dictionary<PackageType, Func<Package, string?>> LookupNames = new()
    {
        [PackageType.JavaArchive] = MavenCoordinates,
        [PackageType.DartPub] = PubDevName,
    };

    /// <summary>The ecosystems whose advisories write a package's version otherwise than it was found.</summary>
    private static readonly Dictionary<PackageType, Func<Package, string?>> LookupVersions = new()
    {
        [PackageType.GoModule] = GoVersion,
    };

    public static IMatcher Cpe { get; } = new CpeMatcher();

    public static IReadOnlyList<IMatcher> All { get; } = [.. Ecosystems.All.Select(Create).OfType<IMatcher>()];

    /// <summary>The ecosystem matcher for a package type, or null (binaries and unknown types have none).</summary>
    public static IMatcher? For(PackageType type) => All.FirstOrDefault(m => m.PackageTypes.Contains(type));

    private static IMatcher? Create(Ecosystem ecosystem)
    {
        if (ecosystem is not { Type: { } type, MatcherName: { } name, Scheme: { } scheme })
        {
            return null;
        }

        var comparer = VersionSchemes.Get(scheme);
        if (ecosystem.IsOsPackage)
        {
            return new DistroMatcher(name, type, comparer, distro => DistroFamilies.NamespaceOf(distro, type), DistroLookups[type]);
        }

        return ecosystem.OsvName is { } osvName
            ? new LanguageMatcher(name, [type], osvName, comparer, LookupNames.GetValueOrDefault(type, p => p.Name), LookupVersions.GetValueOrDefault(type))
            : null;
    }

    private static IEnumerable<DistroLookup> DpkgLookups(Package p)
    {
        yield return new DistroLookup(p.Name, p.Version, MatchTypes.ExactDirect);
        if (p.GetMetadata(MetadataKeys.SourceName) is { Length: > 0 } source && source != p.Name)
        {
            yield return new DistroLookup(source, p.GetMetadata(MetadataKeys.SourceVersion) is { Length: > 0 } v ? v : p.Version, MatchTypes.ExactIndirect);
        }
    }

    private static IEnumerable<DistroLookup> ApkLookups(Package p)
    {
        yield return new DistroLookup(p.Name, p.Version, MatchTypes.ExactDirect);
        if (p.GetMetadata(MetadataKeys.Origin) is { Length: > 0 } origin && origin != p.Name)
        {
            yield return new DistroLookup(origin, p.Version, MatchTypes.ExactIndirect);
        }
    }

    /// <summary>
    /// By binary and source rpm name; a package built in a module stream is also looked up under the stream-qualified
    /// names Red Hat files module advisories under (<see cref="RpmModules"/>). Distros whose data does not name streams
    /// (Rocky, AlmaLinux) still find it by its plain names.
    /// </summary>
    private static IEnumerable<DistroLookup> RpmLookups(Package p)
    {
        var source = SourceRpmName(p.GetMetadata(MetadataKeys.SourceRpm)) is { } s && s != p.Name ? s : null;
        if (RpmModules.Stream(p.GetMetadata(MetadataKeys.ModularityLabel)) is { } stream)
        {
            yield return new DistroLookup(RpmModules.Qualified(stream, p.Name), p.Version, MatchTypes.ExactDirect);
            if (source is not null)
            {
                yield return new DistroLookup(RpmModules.Qualified(stream, source), p.Version, MatchTypes.ExactIndirect);
            }
        }

        yield return new DistroLookup(p.Name, p.Version, MatchTypes.ExactDirect);
        if (source is not null)
        {
            yield return new DistroLookup(source, p.Version, MatchTypes.ExactIndirect);
        }
    }

    /// <summary>The name part of <c>NAME-VERSION-RELEASE.src.rpm</c>.</summary>
    private static string? SourceRpmName(string? sourceRpm)
    {
        var release = sourceRpm?.LastIndexOf('-') ?? -1;
        var version = release > 0 ? sourceRpm!.LastIndexOf('-', release - 1) : -1;
        return version > 0 ? sourceRpm![..version] : null;
    }

    /// <summary>The Go toolchain reports <c>go1.22.1</c>; the Go vulnerability data writes <c>1.22.1</c>. Devel builds have no version.</summary>
    private static string? GoVersion(Package p) =>
        p.Version == "(devel)" ? null
        : p.Name == "stdlib" && p.Version.StartsWith("go", StringComparison.Ordinal) ? p.Version[2..]
        : p.Version;

    /// <summary>Maven advisories name <c>groupId:artifactId</c>.</summary>
    private static string? MavenCoordinates(Package p) =>
        p.Purl?.Type == Ecosystems.Of(PackageType.JavaArchive).PurlType && p.Purl is { Namespace: { Length: > 0 } group } purl ? $"{group}:{purl.Name}"
        : p.GetMetadata(MetadataKeys.GroupId) is { Length: > 0 } groupId ? $"{groupId}:{p.GetMetadata(MetadataKeys.ArtifactId) ?? p.Name}"
        : null;

    /// <summary>
    /// Pub advisories speak of packages hosted on pub.dev: a git, path or SDK package of the same name is another package.
    /// A package read from an SBOM that does not say where it came from is taken as hosted.
    /// </summary>
    private static string? PubDevName(Package p) => p.GetMetadata(MetadataKeys.PubSource) is null or "hosted" ? p.Name : null;
}
