using System.Text;
using Gantry.Core;
using Gantry.Images.Oci;
using Gantry.Signing.Cosign;
using Gantry.Signing.Keys;
using Gantry.Signing.Payload;
using Gantry.Signing.Verification;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests;

/// <summary>Signatures made by openssl checked by Gantry, and Gantry's checked by openssl.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class OpensslInteropTests : IDisposable
{
    private static readonly Digest ImageDigest = Digest.Sha256("the image manifest"u8);
    private static readonly Dictionary<string, string> NoAnnotations = [];
    private readonly OpensslKit _openssl = new();

    public void Dispose() => _openssl.Dispose();

    /// <summary>The payload written by hand, not by <see cref="SimpleSigningPayload"/>.</summary>
    private static byte[] HandWrittenPayload(Digest digest, string optional = "null") => Encoding.UTF8.GetBytes(
        "{\"critical\":{\"identity\":{\"docker-reference\":\"127.0.0.1:5000/app\"},\"image\":{\"docker-manifest-digest\":\"" + digest
        + "\"},\"type\":\"cosign container image signature\"},\"optional\":" + optional + "}");

    private static OciDescriptor Layer(byte[] payload, byte[] signature) => new()
    {
        MediaType = SimpleSigningPayload.MediaType,
        Digest = Digest.Sha256(payload).ToString(),
        Size = payload.Length,
        Annotations = new() { [SignatureManifest.SignatureAnnotation] = Convert.ToBase64String(signature) },
    };

    [Fact]
    public async Task Should_Verify_When_Openssl_Signed_The_Payload()
    {
        var (privateKey, publicKey) = await _openssl.NewKeyPairAsync("signer");
        var payload = HandWrittenPayload(ImageDigest, "{\"env\":\"prod\"}");
        var signature = await _openssl.SignAsync(privateKey, payload);
        using var key = KeyLoader.LoadPublicKey(publicKey);

        var check = SignatureVerifier.Check(0, Layer(payload, signature), payload, key, ImageDigest, new Dictionary<string, string> { ["env"] = "prod" });

        Assert.True(check.Verified, check.Detail);
    }

    [Fact]
    public async Task Should_Be_Accepted_By_Openssl_When_Gantry_Signed_The_Payload()
    {
        using var pair = SigningKeyPair.Generate();
        var (privatePath, publicPath) = pair.WriteFiles(_openssl.PathOf("gantry"), "pw", KeyFileFormat.Pkcs8);
        using var key = KeyLoader.LoadPrivateKey(privatePath, () => "pw");
        var payload = SimpleSigningPayload.Create("127.0.0.1:5000/app", ImageDigest, null);
        var payloadPath = _openssl.PathOf("payload.json");
        var signaturePath = _openssl.PathOf("payload.sig");
        File.WriteAllBytes(payloadPath, payload);
        File.WriteAllBytes(signaturePath, PayloadSignature.Sign(key, payload));

        var verified = await OpensslKit.RunAsync("dgst", "-sha256", "-verify", publicPath, "-signature", signaturePath, payloadPath);
        File.AppendAllText(payloadPath, " ");
        var tampered = await OpensslKit.RunAsync("dgst", "-sha256", "-verify", publicPath, "-signature", signaturePath, payloadPath);

        Assert.Equal((0, "Verified OK"), (verified.ExitCode, verified.Stdout.Trim()));
        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Equal(HandWrittenPayload(ImageDigest), payload);
    }

    [Fact]
    public async Task Should_Fail_Naming_The_Key_When_The_Payload_Was_Changed_After_Signing()
    {
        var (privateKey, publicKey) = await _openssl.NewKeyPairAsync("signer");
        var signature = await _openssl.SignAsync(privateKey, HandWrittenPayload(ImageDigest));
        var changed = HandWrittenPayload(ImageDigest, "{\"env\":\"prod\"}");
        using var key = KeyLoader.LoadPublicKey(publicKey);

        var check = SignatureVerifier.Check(0, Layer(changed, signature), changed, key, ImageDigest, NoAnnotations);

        Assert.False(check.Verified);
        Assert.Contains("does not match the key", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_Naming_Both_Digests_When_The_Payload_Is_For_Another_Image()
    {
        var (privateKey, publicKey) = await _openssl.NewKeyPairAsync("signer");
        var other = Digest.Sha256("another manifest"u8);
        var payload = HandWrittenPayload(other);
        var signature = await _openssl.SignAsync(privateKey, payload);
        using var key = KeyLoader.LoadPublicKey(publicKey);

        var check = SignatureVerifier.Check(0, Layer(payload, signature), payload, key, ImageDigest, NoAnnotations);

        Assert.False(check.Verified);
        Assert.Equal($"payload is for digest {other}, not the image's {ImageDigest}", check.Detail);
    }

    [Fact]
    public async Task Should_Fail_When_Another_Key_Signed_The_Payload()
    {
        var (signerKey, _) = await _openssl.NewKeyPairAsync("signer");
        var (_, otherPublic) = await _openssl.NewKeyPairAsync("other");
        var payload = HandWrittenPayload(ImageDigest);
        var signature = await _openssl.SignAsync(signerKey, payload);
        using var key = KeyLoader.LoadPublicKey(otherPublic);

        var check = SignatureVerifier.Check(0, Layer(payload, signature), payload, key, ImageDigest, NoAnnotations);

        Assert.False(check.Verified);
        Assert.Contains("does not match the key", check.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "annotation env is missing (wanted 'prod')")]
    [InlineData("{\"env\":\"dev\"}", "annotation env is \"dev\", not 'prod'")]
    [InlineData("{\"env\":1}", "annotation env is 1, not 'prod'")]
    public async Task Should_Fail_When_A_Required_Annotation_Does_Not_Match(string optional, string expected)
    {
        var (privateKey, publicKey) = await _openssl.NewKeyPairAsync("signer");
        var payload = HandWrittenPayload(ImageDigest, optional);
        var signature = await _openssl.SignAsync(privateKey, payload);
        using var key = KeyLoader.LoadPublicKey(publicKey);

        var check = SignatureVerifier.Check(0, Layer(payload, signature), payload, key, ImageDigest, new Dictionary<string, string> { ["env"] = "prod" });

        Assert.Equal((false, expected), (check.Verified, check.Detail));
    }

    [Fact]
    public async Task Should_Fail_When_The_Signed_Payload_Is_Not_A_Cosign_Signature()
    {
        var (privateKey, publicKey) = await _openssl.NewKeyPairAsync("signer");
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(HandWrittenPayload(ImageDigest)).Replace("cosign container image signature", "atomic container signature", StringComparison.Ordinal));
        var signature = await _openssl.SignAsync(privateKey, payload);
        using var key = KeyLoader.LoadPublicKey(publicKey);

        var check = SignatureVerifier.Check(0, Layer(payload, signature), payload, key, ImageDigest, NoAnnotations);

        Assert.Equal("payload type is 'atomic container signature', not 'cosign container image signature'", check.Detail);
    }

    [Fact]
    public void Should_Report_No_Signature_When_The_Tag_Holds_None()
    {
        var result = new VerificationResult("r/app:1", ImageDigest, "r/app:" + SignatureManifest.TagFor(ImageDigest), []);

        Assert.False(result.IsVerified);
        Assert.Equal($"no signature: r/app:sha256-{ImageDigest.Hex}.sig does not exist", result.FailureReason);
    }
}
