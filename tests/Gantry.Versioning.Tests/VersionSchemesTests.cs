using Gantry.Core;

namespace Gantry.Versioning.Tests;

public sealed class VersionSchemesTests
{
    [Theory]
    [InlineData(PackageType.Deb, VersionScheme.Dpkg)]
    [InlineData(PackageType.Rpm, VersionScheme.Rpm)]
    [InlineData(PackageType.Apk, VersionScheme.Apk)]
    [InlineData(PackageType.Npm, VersionScheme.SemVer)]
    [InlineData(PackageType.RustCrate, VersionScheme.SemVer)]
    [InlineData(PackageType.Python, VersionScheme.Pep440)]
    [InlineData(PackageType.JavaArchive, VersionScheme.Maven)]
    [InlineData(PackageType.Gem, VersionScheme.RubyGems)]
    [InlineData(PackageType.DotNet, VersionScheme.NuGet)]
    [InlineData(PackageType.GoModule, VersionScheme.GoModule)]
    [InlineData(PackageType.PhpComposer, VersionScheme.Composer)]
    public void Should_Pick_The_Scheme_Of_The_Package_Manager_When_Type_Has_One(PackageType type, VersionScheme scheme) =>
        Assert.Equal(scheme, VersionSchemes.For(type)!.Scheme);

    [Theory]
    [InlineData(PackageType.Binary)]
    [InlineData(PackageType.Unknown)]
    public void Should_Return_Null_When_Type_Has_No_Scheme(PackageType type) => Assert.Null(VersionSchemes.For(type));

    [Theory]
    [InlineData("Debian", VersionScheme.Dpkg)]
    [InlineData("Debian:12", VersionScheme.Dpkg)]
    [InlineData("Ubuntu:22.04:LTS", VersionScheme.Dpkg)]
    [InlineData("Alpine:v3.18", VersionScheme.Apk)]
    [InlineData("Red Hat:enterprise_linux:9::appstream", VersionScheme.Rpm)]
    [InlineData("AlmaLinux:9", VersionScheme.Rpm)]
    [InlineData("Rocky Linux:8", VersionScheme.Rpm)]
    [InlineData("SUSE:Linux Enterprise Server 15 SP5", VersionScheme.Rpm)]
    [InlineData("PyPI", VersionScheme.Pep440)]
    [InlineData("npm", VersionScheme.SemVer)]
    [InlineData("Go", VersionScheme.GoModule)]
    [InlineData("Maven", VersionScheme.Maven)]
    [InlineData("NuGet", VersionScheme.NuGet)]
    [InlineData("RubyGems", VersionScheme.RubyGems)]
    [InlineData("crates.io", VersionScheme.SemVer)]
    [InlineData("Packagist", VersionScheme.Composer)]
    [InlineData("Hex", VersionScheme.SemVer)]
    [InlineData("Pub", VersionScheme.SemVer)]
    public void Should_Map_Osv_Ecosystems_When_Release_Suffix_Is_Present_Or_Not(string ecosystem, VersionScheme scheme) =>
        Assert.Equal(scheme, VersionSchemes.ForOsvEcosystem(ecosystem)!.Scheme);

    [Theory]
    [InlineData("CRAN")]
    [InlineData("pypi")]
    [InlineData("")]
    public void Should_Return_Null_When_Ecosystem_Is_Unknown_Or_Miscased(string ecosystem) => Assert.Null(VersionSchemes.ForOsvEcosystem(ecosystem));

    [Fact]
    public void Should_Return_A_Comparer_Whose_Scheme_Matches_When_Asked_For_Every_Scheme()
    {
        foreach (var scheme in Enum.GetValues<VersionScheme>())
        {
            Assert.Equal(scheme, VersionSchemes.Get(scheme).Scheme);
        }
    }

    [Fact]
    public void Should_Refuse_To_Compare_Versions_Of_Different_Schemes()
    {
        var debian = VersionSchemes.Dpkg.Parse("1.0");
        var python = VersionSchemes.Pep440.Parse("1.0");
        Assert.Throws<ArgumentException>(() => debian.CompareTo(python));
        Assert.Throws<ArgumentException>(() => VersionSchemes.Dpkg.ParseConstraint("<2").IsSatisfiedBy(python));
    }
}
