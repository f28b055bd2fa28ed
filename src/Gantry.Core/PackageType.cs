namespace Gantry.Core;

/// <summary>The kind of package, which decides its purl type and the version scheme used to match it.</summary>
public enum PackageType
{
    Unknown,
    Deb,
    Apk,
    Rpm,
    Npm,
    Python,
    JavaArchive,
    GoModule,
    DotNet,
    Gem,
    RustCrate,
    PhpComposer,
    Binary,
}

public static class PackageTypeNames
{
    /// <summary>The name used in Gantry's JSON and on the command line (as syft names them).</summary>
    public static string ToWireName(this PackageType type) => type switch
    {
        PackageType.Deb => "deb",
        PackageType.Apk => "apk",
        PackageType.Rpm => "rpm",
        PackageType.Npm => "npm",
        PackageType.Python => "python",
        PackageType.JavaArchive => "java-archive",
        PackageType.GoModule => "go-module",
        PackageType.DotNet => "dotnet",
        PackageType.Gem => "gem",
        PackageType.RustCrate => "rust-crate",
        PackageType.PhpComposer => "php-composer",
        PackageType.Binary => "binary",
        _ => "unknown",
    };

    public static PackageType FromWireName(string name) =>
        Enum.GetValues<PackageType>().FirstOrDefault(t => t.ToWireName() == name);

    /// <summary>True for packages managed by the operating system's package manager.</summary>
    public static bool IsOsPackage(this PackageType type) => type is PackageType.Deb or PackageType.Apk or PackageType.Rpm;
}
