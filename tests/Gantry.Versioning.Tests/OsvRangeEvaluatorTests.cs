using Gantry.Versioning.Osv;

namespace Gantry.Versioning.Tests;

public sealed class OsvRangeEvaluatorTests
{
    private static readonly IVersionComparer SemVer = VersionSchemes.SemVer;

    [Theory]
    [InlineData("0.0.1", true)]
    [InlineData("1.1.9", true)]
    [InlineData("1.2.0", false)]
    [InlineData("1.2.0-rc.1", true)]
    [InlineData("3.0.0", false)]
    public void Should_Affect_Versions_From_Introduced_Zero_Up_To_Fixed_When_Range_Is_Simple(string version, bool affected) =>
        Assert.Equal(affected, OsvRangeEvaluator.IsAffected(version, [OsvEvent.Introduced("0"), OsvEvent.Fixed("1.2.0")], SemVer));

    [Theory]
    [InlineData("0.9.0", false)]
    [InlineData("1.0.0", true)]
    [InlineData("1.5.0", true)]
    [InlineData("1.5.1", false)]
    public void Should_Include_Last_Affected_When_Range_Has_No_Fix(string version, bool affected) =>
        Assert.Equal(affected, OsvRangeEvaluator.IsAffected(version, [OsvEvent.Introduced("1.0.0"), OsvEvent.LastAffected("1.5.0")], SemVer));

    [Theory]
    [InlineData("0.5.0", true)]
    [InlineData("1.5.0", false)]
    [InlineData("2.0.0", true)]
    [InlineData("2.4.9", true)]
    [InlineData("2.5.0", false)]
    public void Should_Sort_Events_By_Version_When_They_Are_Written_Out_Of_Order(string version, bool affected)
    {
        OsvEvent[] written = [OsvEvent.Fixed("2.5.0"), OsvEvent.Introduced("2.0.0"), OsvEvent.Fixed("1.0.0"), OsvEvent.Introduced("0")];
        Assert.Equal(affected, OsvRangeEvaluator.IsAffected(version, written, SemVer));
        Assert.Equal(affected, OsvRangeEvaluator.IsAffected(version, [.. written.Reverse()], SemVer));
    }

    [Theory]
    [InlineData("1.9.0", true)]
    [InlineData("2.0.0", false)]
    [InlineData("2.1.0", false)]
    [InlineData("1.6.0", false)]
    public void Should_Exclude_Versions_At_Or_Above_Every_Limit_When_Range_Has_Limits(string version, bool affected) =>
        Assert.Equal(affected, OsvRangeEvaluator.IsAffected(
            version,
            [OsvEvent.Introduced("0"), OsvEvent.Fixed("1.5.0"), OsvEvent.Introduced("1.8.0"), OsvEvent.Limit("2.0.0")],
            SemVer));

    [Fact]
    public void Should_Treat_Star_Limit_As_Infinity_When_Limit_Is_Star() =>
        Assert.True(OsvRangeEvaluator.IsAffected("99.0.0", [OsvEvent.Introduced("1.0.0"), OsvEvent.Limit("*")], SemVer));

    [Fact]
    public void Should_Not_Affect_Anything_When_Range_Has_No_Introduced_Event() =>
        Assert.False(OsvRangeEvaluator.IsAffected("1.0.0", [OsvEvent.Fixed("2.0.0")], SemVer));

    [Fact]
    public void Should_Use_Ecosystem_Ordering_When_Range_Type_Is_Ecosystem()
    {
        var pypi = OsvRangeEvaluator.ComparerFor("ECOSYSTEM", "PyPI")!;
        OsvEvent[] events = [OsvEvent.Introduced("0"), OsvEvent.Fixed("2.0")];

        // PEP 440: a post-release of the fix is fixed; a pre-release of it is not.
        Assert.False(OsvRangeEvaluator.IsAffected("2.0.post1", events, pypi));
        Assert.True(OsvRangeEvaluator.IsAffected("2.0rc1", events, pypi));
        Assert.True(OsvRangeEvaluator.IsAffected("1!0.5", [OsvEvent.Introduced("1!0.1")], pypi));
    }

    [Fact]
    public void Should_Use_Dpkg_Ordering_When_Ecosystem_Is_A_Debian_Release()
    {
        var debian = OsvRangeEvaluator.ComparerFor("ECOSYSTEM", "Debian:12")!;
        OsvEvent[] events = [OsvEvent.Introduced("0"), OsvEvent.Fixed("1.2-1+deb12u1")];
        Assert.True(OsvRangeEvaluator.IsAffected("1.2-1", events, debian));
        Assert.True(OsvRangeEvaluator.IsAffected("1.2-1+deb11u9", events, debian));
        Assert.False(OsvRangeEvaluator.IsAffected("1.2-1+deb12u1", events, debian));
        Assert.False(OsvRangeEvaluator.IsAffected("1:0.1", events, debian));
    }

    [Fact]
    public void Should_Use_SemVer_Whatever_The_Ecosystem_When_Range_Type_Is_Semver()
    {
        Assert.Same(VersionSchemes.SemVer, OsvRangeEvaluator.ComparerFor("SEMVER", "Go"));
        Assert.Same(VersionSchemes.SemVer, OsvRangeEvaluator.ComparerFor("SEMVER", "PyPI"));
        Assert.Null(OsvRangeEvaluator.ComparerFor("GIT", "Go"));
    }

    [Fact]
    public void Should_Keep_Written_Order_When_Events_Tie()
    {
        Assert.False(OsvRangeEvaluator.IsAffected("1.0.0", [OsvEvent.Introduced("1.0.0"), OsvEvent.Fixed("1.0.0")], SemVer));
        Assert.True(OsvRangeEvaluator.IsAffected("1.0.0", [OsvEvent.Fixed("1.0.0"), OsvEvent.Introduced("1.0.0")], SemVer));
    }

    [Fact]
    public void Should_Throw_A_Format_Error_Naming_The_Version_When_An_Event_Does_Not_Parse()
    {
        var error = Assert.Throws<VersionFormatException>(() =>
            OsvRangeEvaluator.IsAffected("1.0.0", [OsvEvent.Introduced("0"), OsvEvent.Fixed("not-a-version")], SemVer));
        Assert.Contains("'not-a-version'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Accept_Go_Versions_With_Or_Without_V_When_Range_Is_Semver()
    {
        OsvEvent[] events = [OsvEvent.Introduced("0"), OsvEvent.Fixed("0.0.0-20220315000000-aaaaaaaaaaaa")];
        Assert.True(OsvRangeEvaluator.IsAffected("v0.0.0-20210101000000-bbbbbbbbbbbb", events, SemVer));
        Assert.False(OsvRangeEvaluator.IsAffected("v0.1.0", events, SemVer));
    }
}
