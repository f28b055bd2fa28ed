using Gantry.Core;
using Gantry.Engine.Evaluation;

namespace Gantry.Engine.Tests.Evaluation;

public sealed class SchemeVersionComparisonTests
{
    [Theory]
    [InlineData(PackageType.Deb, "1:1.0-1", "2.0-1", 1)]
    [InlineData(PackageType.Deb, "1.0~rc1-1", "1.0-1", -1)]
    [InlineData(PackageType.Python, "2.25.0", "2.25.0rc1", 1)]
    [InlineData(PackageType.JavaArchive, "1.0-SNAPSHOT", "1.0", -1)]
    [InlineData(PackageType.Npm, "1.2.3", "1.2.3", 0)]
    public void Should_Order_Versions_In_The_Packages_Scheme(PackageType type, string installed, string required, int expected)
    {
        Assert.Equal(expected, SchemeVersionComparison.Compare(Package(type, installed), required));
    }

    [Fact]
    public void Should_Fall_Back_To_Segments_When_The_Scheme_Cannot_Read_A_Version()
    {
        Assert.Equal(1, SchemeVersionComparison.Compare(Package(PackageType.Binary, "10.2"), "9.8"));
    }

    private static Package Package(PackageType type, string version) => new() { Name = "p", Version = version, Type = type, FoundBy = "test" };
}
