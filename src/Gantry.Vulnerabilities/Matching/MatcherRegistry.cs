using Gantry.Core;
using Gantry.Versioning;

namespace Gantry.Vulnerabilities.Matching;

/// <summary>
/// Every matcher, one per ecosystem, in one explicit list: which data a package type is matched against is decided
/// here and nowhere else. The CPE matcher is kept apart because it applies by rule, not by type.
/// </summary>
public static class MatcherRegistry
{
    public static IMatcher Cpe { get; } = new CpeMatcher();

    public static IReadOnlyList<IMatcher> All { get; } =
    [
        new DistroMatcher("dpkg-matcher", PackageType.Deb, VersionSchemes.Dpkg, DistroReleases.Dpkg, DpkgLookups),
        new DistroMatcher("rpm-matcher", PackageType.Rpm, VersionSchemes.Rpm, DistroReleases.Rpm, RpmLookups),
        new DistroMatcher("apk-matcher", PackageType.Apk, VersionSchemes.Apk, DistroReleases.Apk, ApkLookups),
        new LanguageMatcher("python-matcher", [PackageType.Python], "PyPI", VersionSchemes.Pep440, p => p.Name),
        new LanguageMatcher("npm-matcher", [PackageType.Npm], "npm", VersionSchemes.SemVer, p => p.Name),
        new LanguageMatcher("go-module-matcher", [PackageType.GoModule], "Go", VersionSchemes.GoModule, p => p.Name, GoVersion),
        new LanguageMatcher("java-matcher", [PackageType.JavaArchive], "Maven", VersionSchemes.Maven, MavenCoordinates),
        new LanguageMatcher("dotnet-matcher", [PackageType.DotNet], "NuGet", VersionSchemes.NuGet, p => p.Name),
        new LanguageMatcher("gem-matcher", [PackageType.Gem], "RubyGems", VersionSchemes.RubyGems, p => p.Name),
        new LanguageMatcher("rust-matcher", [PackageType.RustCrate], "crates.io", VersionSchemes.SemVer, p => p.Name),
        new LanguageMatcher("composer-matcher", [PackageType.PhpComposer], "Packagist", VersionSchemes.Composer, p => p.Name),
    ];

    /// <summary>The ecosystem matcher for a package type, or null (binaries and unknown types have none).</summary>
    public static IMatcher? For(PackageType type) => All.FirstOrDefault(m => m.PackageTypes.Contains(type));

    private static IEnumerable<DistroLookup> DpkgLookups(Package p)
    {
        yield return new DistroLookup(p.Name, p.Version, MatchTypes.ExactDirect);
        if (p.GetMetadata("sourceName") is { Length: > 0 } source && source != p.Name)
        {
            yield return new DistroLookup(source, p.GetMetadata("sourceVersion") is { Length: > 0 } v ? v : p.Version, MatchTypes.ExactIndirect);
        }
    }

    private static IEnumerable<DistroLookup> ApkLookups(Package p)
    {
        yield return new DistroLookup(p.Name, p.Version, MatchTypes.ExactDirect);
        if (p.GetMetadata("origin") is { Length: > 0 } origin && origin != p.Name)
        {
            yield return new DistroLookup(origin, p.Version, MatchTypes.ExactIndirect);
        }
    }

    private static IEnumerable<DistroLookup> RpmLookups(Package p)
    {
        yield return new DistroLookup(p.Name, p.Version, MatchTypes.ExactDirect);
        if (SourceRpmName(p.GetMetadata("sourceRpm")) is { } source && source != p.Name)
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
        p.Purl is { Type: "maven", Namespace: { Length: > 0 } group } purl ? $"{group}:{purl.Name}"
        : p.GetMetadata("groupId") is { Length: > 0 } groupId ? $"{groupId}:{p.GetMetadata("artifactId") ?? p.Name}"
        : null;
}
