using System.Text;
using Gantry.Core;
using Gantry.Signing.Payload;

namespace Gantry.Signing.Tests;

public sealed class PayloadTests
{
    private static readonly Digest ImageDigest = Digest.Sha256("image manifest"u8);

    [Fact]
    public void Should_Write_Cosigns_Bytes_With_Null_Optional_When_There_Are_No_Annotations()
    {
        var payload = SimpleSigningPayload.Create("127.0.0.1:5000/app", ImageDigest, null);

        Assert.Equal(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"127.0.0.1:5000/app\"},\"image\":{\"docker-manifest-digest\":\"" + ImageDigest
            + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}",
            Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void Should_Sort_Annotation_Keys_And_Escape_Like_Go_When_Annotations_Are_Given()
    {
        var annotations = new Dictionary<string, string> { ["z"] = "a<b>&c", ["B"] = "é\n", ["a"] = "\u2028\"" };

        var payload = SimpleSigningPayload.Create("r/x", ImageDigest, annotations);

        Assert.EndsWith("\"optional\":{\"B\":\"é\\n\",\"a\":\"\\u2028\\\"\",\"z\":\"a\\u003cb\\u003e\\u0026c\"}}", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Read_Back_The_Claims_When_Parsing_A_Created_Payload()
    {
        var payload = SimpleSigningPayload.Create("r/x", ImageDigest, new Dictionary<string, string> { ["env"] = "prod" });

        var parsed = SimpleSigningPayload.Parse(payload);

        Assert.Equal("r/x", parsed.DockerReference);
        Assert.Equal(ImageDigest, parsed.ManifestDigest);
        Assert.Equal(SimpleSigningPayload.CosignSignatureType, parsed.Type);
        Assert.Equal("prod", parsed.Optional["env"].GetString());
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"critical\":{}}", "critical.identity")]
    [InlineData("{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:zz\"},\"type\":\"t\"}}", "is not a digest")]
    public void Should_Name_What_Is_Wrong_When_The_Payload_Is_Malformed(string payload, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SimpleSigningPayload.Parse(Encoding.UTF8.GetBytes(payload)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
