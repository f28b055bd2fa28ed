namespace Gantry.Core.Tests;

public class ImageReferencePartsTests
{
    [Theory]
    [InlineData("alpine", null, "alpine", null, null)]
    [InlineData("alpine:3.19", null, "alpine", "3.19", null)]
    [InlineData("team/app:1", null, "team/app", "1", null)]
    [InlineData("ghcr.io/org/app:v1", "ghcr.io", "org/app", "v1", null)]
    [InlineData("localhost/app", "localhost", "app", null, null)]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000", "app", null, null)]
    [InlineData("127.0.0.1:5000/app:2@sha256:abc", "127.0.0.1:5000", "app", "2", "sha256:abc")]
    [InlineData("registry:5000/app", "registry:5000", "app", null, null)]
    public void Should_Split_Host_Path_Tag_And_Digest_By_The_Docker_Grammar(string reference, string? host, string path, string? tag, string? digest) =>
        Assert.Equal(new ImageReferenceParts(host, path, tag, digest), ImageReferenceParts.Split(reference, ImageReferenceParts.LooksLikeHost));

    [Fact]
    public void Should_Take_The_First_Part_For_A_Host_Only_When_The_Callers_Rule_Says_So()
    {
        Assert.Equal("localbuild", ImageReferenceParts.Split("localbuild/app", p => p == "localbuild").Host);
        Assert.Null(ImageReferenceParts.Split("localbuild/app", ImageReferenceParts.LooksLikeHost).Host);
    }

    [Theory]
    [InlineData("team/app", true)]
    [InlineData("a.b_c__d-e/f", true)]
    [InlineData("Team/app", false)]
    [InlineData("team//app", false)]
    [InlineData("app-", false)]
    public void Should_Accept_Only_Lowercase_Separated_Parts_When_Checking_A_Path(string path, bool valid) =>
        Assert.Equal(valid, ImageReferenceParts.IsValidPath(path));

    [Theory]
    [InlineData("v1.2_3-rc", true)]
    [InlineData(".hidden", false)]
    [InlineData("has space", false)]
    public void Should_Accept_Docker_Tags_Only_When_Checking_A_Tag(string tag, bool valid) =>
        Assert.Equal(valid, ImageReferenceParts.IsValidTag(tag));

    [Fact]
    public void Should_Refuse_A_Tag_Over_128_Characters() => Assert.False(ImageReferenceParts.IsValidTag(new string('a', 129)));
}
