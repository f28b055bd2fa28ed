namespace Gantry.Versioning.Tests;

/// <summary>Each scheme's native constraint syntax, on the cases that distinguish it from plain comparisons.</summary>
public sealed class ConstraintTests
{
    [Theory]
    [InlineData(VersionScheme.Dpkg, ">= 1.0-1, << 2.0", "1.5", false)] // '<<' is not an operator of the plain syntax
    [InlineData(VersionScheme.Dpkg, ">= 1.0-1, < 2.0~", "1.9", true)]
    [InlineData(VersionScheme.Dpkg, ">= 1.0-1, < 2.0~", "2.0~rc1", false)]
    [InlineData(VersionScheme.Rpm, "< 0:1.2-3.el9 || = 5", "1.2-2.el9", true)]
    [InlineData(VersionScheme.Rpm, "< 0:1.2-3.el9 || = 5", "5", true)]
    [InlineData(VersionScheme.Apk, "< 1.2.3-r4", "1.2.3-r3", true)]
    [InlineData(VersionScheme.Apk, "< 1.2.3-r4", "1.2.3_p1-r0", false)]
    [InlineData(VersionScheme.GoModule, ">=v1.2.0 <v2.0.0", "v1.9.9+incompatible", true)]
    [InlineData(VersionScheme.GoModule, "<v0.0.0-20220101000000-abcdefabcdef", "v0.0.0-20211231235959-abcdefabcdef", true)]
    [InlineData(VersionScheme.Composer, ">=1.0, <1.2", "1.1-beta2", true)]
    [InlineData(VersionScheme.Composer, ">=1.0, <1.2", "1.2-dev", true)]
    [InlineData(VersionScheme.Composer, ">=1.0, <1.2", "1.2.0-dev", false)] // version_compare: an extra number outranks "dev"
    public void Should_Evaluate_Plain_Comparisons_When_Scheme_Has_No_Richer_Syntax(VersionScheme scheme, string constraint, string version, bool expected)
    {
        var comparer = VersionSchemes.Get(scheme);
        if (!comparer.TryParseConstraint(constraint, out var parsed, out var error))
        {
            Assert.False(expected, error);
            return;
        }

        Assert.Equal(expected, parsed.IsSatisfiedBy(version));
    }

    [Theory]
    [InlineData("^1.2.3", "1.9.0", true)]
    [InlineData("^1.2.3", "2.0.0-alpha", false)]
    [InlineData("^1.2.3", "1.5.0-beta", false)] // prereleases only match a comparator naming the same x.y.z
    [InlineData("^1.2.3-beta.2", "1.2.3-beta.4", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~1.2", "1.2.9", true)]
    [InlineData("~1.2", "1.3.0", false)]
    [InlineData("1.2.x || >=3 <3.1", "3.0.5", true)]
    [InlineData("1.2.3 - 2.3", "2.3.9", true)]
    [InlineData("1.2.3 - 2.3", "2.4.0", false)]
    [InlineData(">1.2", "1.2.9", false)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("*", "0.0.1", true)]
    [InlineData("<*", "0.0.1", false)]
    public void Should_Follow_Node_Semver_When_Range_Is_Npm(string range, string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.SemVer.ParseConstraint(range).IsSatisfiedBy(version));

    [Theory]
    [InlineData("~=1.4.5", "1.4.9", true)]
    [InlineData("~=1.4.5", "1.5.0", false)]
    [InlineData("==1.2.*", "1.2.7.post1", true)]
    [InlineData("==1.2.*", "1.3", false)]
    [InlineData("!=1.2.*, >=1.0", "1.1", true)]
    [InlineData("<2.0", "2.0rc1", false)] // <V excludes V's own pre-releases
    [InlineData("<2.0", "1.9rc1", true)]
    [InlineData(">1.0", "1.0.post1", false)] // >V excludes V's own post-releases
    [InlineData("==1.0", "1.0+local.1", true)]
    [InlineData("===1.0", "1.0", true)]
    [InlineData("===1.0", "1.0.0", false)]
    public void Should_Follow_Packaging_When_Specifier_Is_Pep440(string specifier, string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.Pep440.ParseConstraint(specifier).IsSatisfiedBy(version));

    [Theory]
    [InlineData("[1.0,2.0)", "1.5-SNAPSHOT", true)]
    [InlineData("[1.0,2.0)", "2.0", false)]
    [InlineData("(,1.0],[1.2,)", "1.1", false)]
    [InlineData("(,1.0],[1.2,)", "1.2.0", true)]
    [InlineData("[1.5]", "1.5.0", true)]
    [InlineData("1.5", "1.5.0.Final", true)]
    public void Should_Follow_Maven_When_Range_Is_A_Version_Spec(string range, string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.Maven.ParseConstraint(range).IsSatisfiedBy(version));

    [Theory]
    [InlineData("~> 1.2.3", "1.2.9", true)]
    [InlineData("~> 1.2.3", "1.3.0", false)]
    [InlineData("~> 1.2", "1.9", true)]
    [InlineData("~> 1.2, >= 1.2.5", "1.2.4", false)]
    [InlineData("~> 5.2.4, >= 5.2.4.3", "5.2.4.3", true)]
    [InlineData("!= 1.0", "1.0.0", false)]
    public void Should_Follow_Gem_Requirement_When_Requirement_Is_RubyGems(string requirement, string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.RubyGems.ParseConstraint(requirement).IsSatisfiedBy(version));

    [Theory]
    [InlineData("1.0", "1.0.0.1", true)]
    [InlineData("1.0", "1.0.0-beta", false)]
    [InlineData("[1.0,2.0)", "2.0.0-alpha", true)]
    [InlineData("(,1.0]", "1.0.0+meta", true)]
    [InlineData("[1.0.0]", "1.0", true)]
    public void Should_Follow_NuGet_When_Range_Is_A_Version_Range(string range, string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.NuGet.ParseConstraint(range).IsSatisfiedBy(version));

    [Theory]
    [InlineData(VersionScheme.NuGet, "1.*", "floating")]
    [InlineData(VersionScheme.Maven, "[1.0,2.0],[1.5,3.0]", "overlap")]
    [InlineData(VersionScheme.Maven, "(1.0]", "inside []")]
    [InlineData(VersionScheme.Pep440, ">=1.0.*", "wildcard")]
    [InlineData(VersionScheme.Pep440, "~=1", "two release numbers")]
    [InlineData(VersionScheme.SemVer, "^01.2.3", "not a version")]
    [InlineData(VersionScheme.RubyGems, "=> 1.0", "unknown operator")]
    public void Should_Explain_The_Problem_When_Constraint_Is_Invalid(VersionScheme scheme, string constraint, string problem)
    {
        Assert.False(VersionSchemes.Get(scheme).TryParseConstraint(constraint, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains($"'{constraint}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1.2.3", "1.2.3", 0)]
    [InlineData("v2.0.0+incompatible", "v2.0.0", 0)]
    [InlineData("v0.0.0-20191109021931-daa7c04131f5", "v0.0.1", -1)]
    [InlineData("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1)]
    [InlineData("v1.2", "v1.2.0", 0)]
    public void Should_Order_Go_Module_Versions_When_They_Use_Go_Conventions(string a, string b, int expected) =>
        Assert.Equal(expected, VersionSchemes.GoModule.Compare(a, b));

    [Theory]
    [InlineData("v01.2.3")]
    [InlineData("v1.2-pre")]
    [InlineData("v1.2.3.4")]
    public void Should_Reject_What_Go_Rejects_When_Version_Is_Not_Canonical(string version) =>
        Assert.False(VersionSchemes.GoModule.TryParse(version, out _, out _));
}
