namespace Gantry.Core;

/// <summary>
/// Everything Gantry knows about one ecosystem, in one row: the package type and its wire name, the purl type, the
/// version scheme, the OSV ecosystem whose data its packages are matched against (by <see cref="MatcherName"/>), how
/// names are normalized for that lookup, and whether <c>db update</c> fetches the OSV data by default.
/// </summary>
public sealed record Ecosystem
{
    /// <summary>The package type; null for an ecosystem whose data Gantry fetches but whose packages no cataloger finds (Hex).</summary>
    public PackageType? Type { get; init; }

    /// <summary>The name used in Gantry's JSON and on the command line (as syft names them).</summary>
    public string? WireName { get; init; }

    /// <summary>The purl type, as the purl spec names it.</summary>
    public string? PurlType { get; init; }

    /// <summary>The version ordering of the ecosystem; null where versions have no scheme (binaries).</summary>
    public VersionScheme? Scheme { get; init; }

    /// <summary>The OSV <c>affected[].package.ecosystem</c> name, which is also the database namespace; null for OS packages (matched by distro release).</summary>
    public string? OsvName { get; init; }

    public NameNormalization Normalization { get; init; }

    /// <summary>The matcher findings name (<c>python-matcher</c>); null where no ecosystem matcher applies.</summary>
    public string? MatcherName { get; init; }

    /// <summary>Packages managed by the operating system's package manager, matched against their distro release's data.</summary>
    public bool IsOsPackage { get; init; }
}

/// <summary>The one table of ecosystems. Adding an ecosystem starts with a row here (see docs/contributing.md).</summary>
public static class Ecosystems
{
    /// <summary>Every ecosystem; the order is the order of the default OSV feeds.</summary>
    public static IReadOnlyList<Ecosystem> All { get; } =
    [
        new() { Type = PackageType.Unknown, WireName = "unknown" },
        Os(PackageType.Deb, "deb", "deb", VersionScheme.Dpkg, "dpkg-matcher"),
        Os(PackageType.Apk, "apk", "apk", VersionScheme.Apk, "apk-matcher"),
        Os(PackageType.Rpm, "rpm", "rpm", VersionScheme.Rpm, "rpm-matcher"),
        Language(PackageType.Python, "python", "pypi", VersionScheme.Pep440, "PyPI", NameNormalization.Pep503, "python-matcher"),
        Language(PackageType.Npm, "npm", "npm", VersionScheme.SemVer, "npm", NameNormalization.LowerCase, "npm-matcher"),
        Language(PackageType.GoModule, "go-module", "golang", VersionScheme.GoModule, "Go", NameNormalization.AsIs, "go-module-matcher"),
        Language(PackageType.JavaArchive, "java-archive", "maven", VersionScheme.Maven, "Maven", NameNormalization.AsIs, "java-matcher"),
        Language(PackageType.DotNet, "dotnet", "nuget", VersionScheme.NuGet, "NuGet", NameNormalization.LowerCase, "dotnet-matcher"),
        Language(PackageType.Gem, "gem", "gem", VersionScheme.RubyGems, "RubyGems", NameNormalization.AsIs, "gem-matcher"),
        Language(PackageType.RustCrate, "rust-crate", "cargo", VersionScheme.SemVer, "crates.io", NameNormalization.Crate, "rust-matcher"),
        Language(PackageType.PhpComposer, "php-composer", "composer", VersionScheme.Composer, "Packagist", NameNormalization.LowerCase, "composer-matcher"),
        new() { OsvName = "Hex", Scheme = VersionScheme.SemVer, Normalization = NameNormalization.LowerCase },
        Language(PackageType.DartPub, "dart-pub", "pub", VersionScheme.SemVer, "Pub", NameNormalization.LowerCase, "dart-pub-matcher"),
        new() { Type = PackageType.Binary, WireName = "binary", PurlType = "generic" },
    ];

    private static readonly Dictionary<PackageType, Ecosystem> ByType = All.Where(e => e.Type is not null).ToDictionary(e => e.Type!.Value);

    // Looked up for every record imported and every package matched.
    private static readonly Dictionary<string, Ecosystem> ByOsv = All.Where(e => e.OsvName is not null).ToDictionary(e => e.OsvName!, StringComparer.Ordinal);

    /// <summary>The OSV ecosystems whose data <c>db update</c> fetches when no sources file is given.</summary>
    public static IEnumerable<string> DefaultOsvFeeds => All.Select(e => e.OsvName).OfType<string>();

    /// <summary>The row of a package type (every <see cref="PackageType"/> has one).</summary>
    public static Ecosystem Of(PackageType type) => ByType[type];

    /// <summary>The row of an OSV ecosystem name (<c>PyPI</c>), or null for distro ecosystems and names Gantry does not know.</summary>
    public static Ecosystem? ByOsvName(string osvName) => ByOsv.GetValueOrDefault(osvName);

    /// <summary>The package type of a wire name; <see cref="PackageType.Unknown"/> for a name no row has.</summary>
    public static PackageType FromWireName(string? name) =>
        name is null ? PackageType.Unknown : All.FirstOrDefault(e => e.WireName == name)?.Type ?? PackageType.Unknown;

    /// <summary>The package type of a purl type (<c>pypi</c> → Python); <see cref="PackageType.Unknown"/> for one no row has.</summary>
    public static PackageType FromPurlType(string? purlType) =>
        purlType is null ? PackageType.Unknown : All.FirstOrDefault(e => e.PurlType == purlType)?.Type ?? PackageType.Unknown;

    private static Ecosystem Os(PackageType type, string wireName, string purlType, VersionScheme scheme, string matcher) =>
        new() { Type = type, WireName = wireName, PurlType = purlType, Scheme = scheme, MatcherName = matcher, IsOsPackage = true };

    private static Ecosystem Language(PackageType type, string wireName, string purlType, VersionScheme scheme, string osvName,
        NameNormalization normalization, string matcher) =>
        new() { Type = type, WireName = wireName, PurlType = purlType, Scheme = scheme, OsvName = osvName, Normalization = normalization, MatcherName = matcher };
}
