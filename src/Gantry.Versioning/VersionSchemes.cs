using Gantry.Core;
using Gantry.Versioning.Apk;
using Gantry.Versioning.Composer;
using Gantry.Versioning.Constraints;
using Gantry.Versioning.Debian;
using Gantry.Versioning.Maven;
using Gantry.Versioning.NuGet;
using Gantry.Versioning.Pep440;
using Gantry.Versioning.Rpm;
using Gantry.Versioning.RubyGems;
using Gantry.Versioning.SemVer;

namespace Gantry.Versioning;

/// <summary>The comparer of each scheme, and which scheme a package type or an OSV ecosystem uses.</summary>
public static class VersionSchemes
{
    public static IVersionComparer Dpkg { get; } = new SchemeComparer(VersionScheme.Dpkg, false, DebianVersion.TryParse, ComparisonSyntax.Parse);

    public static IVersionComparer Rpm { get; } = new SchemeComparer(VersionScheme.Rpm, true, RpmVersion.TryParse, ComparisonSyntax.Parse);

    public static IVersionComparer Apk { get; } = new SchemeComparer(VersionScheme.Apk, false, ApkVersion.TryParse, ComparisonSyntax.Parse);

    /// <summary>SemVer 2.0 ordering; constraints use npm's range syntax.</summary>
    public static IVersionComparer SemVer { get; } = new SchemeComparer(
        VersionScheme.SemVer, false, (string s, out string? p) => SemanticVersion.TryParse(s, VersionScheme.SemVer, strict: false, out p), NpmRangeSyntax.Parse);

    public static IVersionComparer Pep440 { get; } = new SchemeComparer(VersionScheme.Pep440, false, Pep440Version.TryParse, Pep440SpecifierSyntax.Parse);

    public static IVersionComparer Maven { get; } = new SchemeComparer(VersionScheme.Maven, false, MavenVersion.TryParse, MavenRangeSyntax.Parse);

    public static IVersionComparer RubyGems { get; } = new SchemeComparer(VersionScheme.RubyGems, false, GemVersion.TryParse, GemRequirementSyntax.Parse);

    public static IVersionComparer NuGet { get; } = new SchemeComparer(VersionScheme.NuGet, false, NuGetVersion.TryParse, NuGetRangeSyntax.Parse);

    /// <summary>Go module versions: SemVer with an optional v, <c>+incompatible</c> as build metadata, pseudo-versions as pre-releases.</summary>
    public static IVersionComparer GoModule { get; } = new SchemeComparer(
        VersionScheme.GoModule, false, (string s, out string? p) => SemanticVersion.TryParse(s, VersionScheme.GoModule, strict: true, out p), ComparisonSyntax.Parse);

    public static IVersionComparer Composer { get; } = new SchemeComparer(VersionScheme.Composer, false, ComposerVersion.TryParse, ComparisonSyntax.Parse);

    public static IVersionComparer Get(VersionScheme scheme) => scheme switch
    {
        VersionScheme.Dpkg => Dpkg,
        VersionScheme.Rpm => Rpm,
        VersionScheme.Apk => Apk,
        VersionScheme.SemVer => SemVer,
        VersionScheme.Pep440 => Pep440,
        VersionScheme.Maven => Maven,
        VersionScheme.RubyGems => RubyGems,
        VersionScheme.NuGet => NuGet,
        VersionScheme.GoModule => GoModule,
        VersionScheme.Composer => Composer,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown version scheme"),
    };

    /// <summary>The comparer for a package type, or null for types without a version scheme (binaries, unknown).</summary>
    public static IVersionComparer? For(PackageType type) => Ecosystems.Of(type).Scheme is { } scheme ? Get(scheme) : null;

    /// <summary>
    /// The comparer for an OSV <c>affected[].package.ecosystem</c> such as "PyPI", "Debian:12" or "Alpine:v3.18"
    /// (the part after ':' names a release and does not change the ordering); null for ecosystems with no known ordering.
    /// </summary>
    public static IVersionComparer? ForOsvEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        var colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? ecosystem : ecosystem[..colon];
        var scheme = Ecosystems.ByOsvName(name)?.Scheme
            ?? (DistroFamilies.ByOsvName(name) is { } distro ? Ecosystems.Of(distro.PackageType).Scheme : null);
        return scheme is null ? null : Get(scheme.Value);
    }
}
