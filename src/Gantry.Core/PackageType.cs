namespace Gantry.Core;

/// <summary>The kind of package; its row in <see cref="Ecosystems"/> decides its purl type and the version scheme used to match it.</summary>
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
    DartPub,
}

public static class PackageTypeNames
{
    /// <summary>The name used in Gantry's JSON and on the command line (as syft names them).</summary>
    public static string ToWireName(this PackageType type) => Ecosystems.Of(type).WireName!;

    public static PackageType FromWireName(string name) => Ecosystems.FromWireName(name);

    /// <summary>True for packages managed by the operating system's package manager.</summary>
    public static bool IsOsPackage(this PackageType type) => Ecosystems.Of(type).IsOsPackage;
}
