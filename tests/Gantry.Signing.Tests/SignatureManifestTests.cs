using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Signing.Cosign;

namespace Gantry.Signing.Tests;

public sealed class SignatureManifestTests
{
    [Fact]
    public void Should_Name_The_Tag_Like_Cosign_When_Given_A_Digest()
    {
        var digest = Digest.Sha256("x"u8);

        Assert.Equal("sha256-" + digest.Hex + ".sig", SignatureManifest.TagFor(digest));
    }

    [Fact]
    public void Should_Write_Go_Containerregistrys_Layout_When_One_Signature_Is_Appended()
    {
        var payload = "payload"u8.ToArray();
        var signature = new byte[] { 0x30, 0x01, 0xff };

        var manifest = SignatureManifest.Empty.Append(payload, signature);

        var payloadDigest = Digest.Sha256(payload);
        var config = "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
            + "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + payloadDigest + "\"]},\"config\":{}}";
        Assert.Equal(config, Encoding.UTF8.GetString(manifest.ConfigBytes));
        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":"
            + config.Length + ",\"digest\":\"" + Digest.Sha256(Encoding.UTF8.GetBytes(config)) + "\"},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":7,\"digest\":\""
            + payloadDigest + "\",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"MAH/\"}}]}",
            Encoding.UTF8.GetString(manifest.ManifestBytes));
        Assert.Equal(new HashSet<Digest> { payloadDigest, Digest.Sha256(manifest.ConfigBytes) }, manifest.Blobs.Keys.ToHashSet());
    }

    [Fact]
    public void Should_Keep_Stored_Layers_And_Their_Annotations_When_Appending_To_A_Parsed_Manifest()
    {
        var stored = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":\""
            + Digest.Sha256("{}"u8) + "\"},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":3,\"digest\":\"" + Digest.Sha256("old"u8)
            + "\",\"annotations\":{\"dev.sigstore.cosign/bundle\":\"{}\",\"dev.cosignproject.cosign/signature\":\"b2xk\"}}]}");

        var appended = SignatureManifest.Parse(stored, "stored").Append("new"u8.ToArray(), [1, 2]);

        using var json = JsonDocument.Parse(appended.ManifestBytes);
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(2, layers.Count);
        Assert.Equal(Digest.Sha256("old"u8).ToString(), layers[0].GetProperty("digest").GetString());
        Assert.Equal("{}", layers[0].GetProperty("annotations").GetProperty("dev.sigstore.cosign/bundle").GetString());
        Assert.Equal("AQI=", layers[1].GetProperty("annotations").GetProperty(SignatureManifest.SignatureAnnotation).GetString());
        Assert.DoesNotContain(Digest.Sha256("old"u8), appended.Blobs.Keys);
    }

    [Fact]
    public void Should_Name_The_Manifest_When_It_Is_Not_Json()
    {
        var error = Assert.Throws<InvalidInputException>(() => SignatureManifest.Parse("nope"u8.ToArray(), "reg/app:sha256-x.sig"));

        Assert.StartsWith("reg/app:sha256-x.sig: not a JSON image manifest", error.Message, StringComparison.Ordinal);
    }
}
