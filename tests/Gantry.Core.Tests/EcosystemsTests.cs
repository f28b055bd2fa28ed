namespace Gantry.Core.Tests;

public sealed class EcosystemsTests
{
    public static TheoryData<PackageType> PackageTypes => [.. Enum.GetValues<PackageType>()];

    [Theory]
    [MemberData(nameof(PackageTypes))]
    public void Should_Have_One_Row_Whose_Wire_Name_Reads_Back_When_A_Package_Type_Is_Added(PackageType type)
    {
        var row = Assert.Single(Ecosystems.All, e => e.Type == type);

        Assert.Equal(type, PackageTypeNames.FromWireName(type.ToWireName()));
        Assert.Equal(type, row.PurlType is null ? PackageType.Unknown : Ecosystems.FromPurlType(row.PurlType));
    }

    [Fact]
    public void Should_Name_Each_Wire_Name_Purl_Type_Osv_Ecosystem_And_Matcher_Once()
    {
        foreach (var column in new Func<Ecosystem, string?>[] { e => e.WireName, e => e.PurlType, e => e.OsvName, e => e.MatcherName })
        {
            var values = Ecosystems.All.Select(column).OfType<string>().ToList();
            Assert.Equal(values.Distinct(StringComparer.Ordinal), values);
        }
    }

    [Fact]
    public void Should_Give_Every_Matched_Ecosystem_A_Version_Scheme_And_Its_Data()
    {
        Assert.All(Ecosystems.All.Where(e => e.MatcherName is not null), e =>
        {
            Assert.NotNull(e.Scheme);
            Assert.True(e.IsOsPackage ^ e.OsvName is not null, $"{e.WireName} is matched either by distro or by OSV ecosystem");
            Assert.True(!e.IsOsPackage || DistroFamilies.All.Any(f => f.PackageType == e.Type), $"no distro publishes data for {e.WireName}");
        });
    }

    [Theory]
    [InlineData("pypi", PackageType.Python)]
    [InlineData("golang", PackageType.GoModule)]
    [InlineData("cargo", PackageType.RustCrate)]
    [InlineData("pub", PackageType.DartPub)]
    [InlineData("generic", PackageType.Binary)]
    [InlineData("swift", PackageType.Unknown)]
    [InlineData(null, PackageType.Unknown)]
    public void Should_Read_The_Package_Type_Of_A_Purl_Type(string? purlType, PackageType expected) =>
        Assert.Equal(expected, Ecosystems.FromPurlType(purlType));

    [Fact]
    public void Should_Fetch_The_Osv_Feeds_In_The_Order_Db_Update_Always_Had()
    {
        Assert.Equal(["PyPI", "npm", "Go", "Maven", "NuGet", "RubyGems", "crates.io", "Packagist", "Hex", "Pub"], Ecosystems.DefaultOsvFeeds);
    }

    [Fact]
    public void Should_Build_A_Purl_With_The_Purl_Type_Of_The_Package_Type()
    {
        Assert.Equal("pkg:pub/http@1.1.0", Purl.For(PackageType.DartPub, null, "http", "1.1.0").ToString());
        Assert.Throws<ArgumentException>(() => Purl.For(PackageType.Unknown, null, "x", "1"));
    }
}
