namespace Gantry.Core;

/// <summary>An ordering of version strings; each ecosystem uses exactly one.</summary>
public enum VersionScheme
{
    Dpkg,
    Rpm,
    Apk,
    SemVer,
    Pep440,
    Maven,
    RubyGems,
    NuGet,
    GoModule,
    Composer,
}
