using Gantry.Engine.Scanning;

namespace Gantry.Engine.Tests.Scanning;

public sealed class BaseImageNameTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/base:12", true)]
    [InlineData("docker.io/library/debian:12", true)]
    [InlineData("localhost/base", true)]
    [InlineData("debian:12", false)]
    [InlineData("library/debian:12", false)]
    public void Should_Tell_A_Name_With_A_Registry_Host_When_Asked(string name, bool expected)
    {
        Assert.Equal(expected, new BaseImageName(name, null).HasRegistryHost);
    }

    [Fact]
    public void Should_Pin_The_Reference_To_The_Digest_When_The_Annotation_Gives_One()
    {
        const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var reference = new BaseImageName("127.0.0.1:5000/base:12", Digest).ToReference();

        Assert.Equal(Digest, reference.ManifestReference);
        Assert.Equal($"127.0.0.1:5000/base:12@{Digest}", reference.ToString());
    }
}
