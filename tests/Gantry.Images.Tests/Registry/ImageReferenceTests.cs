using Gantry.Core;
using Gantry.Images.Registry;

namespace Gantry.Images.Tests.Registry;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("alpine", "docker.io", "library/alpine", "latest", "registry-1.docker.io")]
    [InlineData("library/alpine:3.20", "docker.io", "library/alpine", "3.20", "registry-1.docker.io")]
    [InlineData("docker.io/bitnami/redis", "docker.io", "bitnami/redis", "latest", "registry-1.docker.io")]
    [InlineData("index.docker.io/alpine:edge", "docker.io", "library/alpine", "edge", "registry-1.docker.io")]
    [InlineData("127.0.0.1:5000/app:1", "127.0.0.1:5000", "app", "1", "127.0.0.1:5000")]
    [InlineData("localhost/team/app", "localhost", "team/app", "latest", "localhost")]
    [InlineData("ghcr.io/org/tool:v1.2.3", "ghcr.io", "org/tool", "v1.2.3", "ghcr.io")]
    public void Should_Normalize_Like_Docker_When_Parsing(string input, string registry, string repository, string tag, string apiHost)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(apiHost, reference.ApiHost);
    }

    [Fact]
    public void Should_Use_The_Digest_As_Manifest_Reference_When_One_Is_Given()
    {
        var digest = "sha256:" + new string('a', 64);

        var reference = ImageReference.Parse($"127.0.0.1:5000/app@{digest}");

        Assert.Null(reference.Tag);
        Assert.Equal(digest, reference.ManifestReference);
        Assert.Equal($"127.0.0.1:5000/app@{digest}", reference.ToString());
    }

    [Theory]
    [InlineData("UPPER/case")]
    [InlineData("app@sha256:1234")]
    [InlineData("app:bad/tag:x:")]
    [InlineData("")]
    public void Should_Reject_With_A_Clear_Message_When_The_Reference_Is_Invalid(string input)
    {
        var error = Assert.Throws<InvalidInputException>(() => ImageReference.Parse(input));

        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }
}
