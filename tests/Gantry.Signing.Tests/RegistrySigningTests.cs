using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Http;
using Gantry.Images.Registry;
using Gantry.Signing.Cosign;
using Gantry.Signing.Payload;
using Gantry.Signing.Verification;
using Gantry.TestKit;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests;

/// <summary>Sign and verify against Debian's docker-registry on 127.0.0.1, with skopeo as the independent reader.</summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class RegistrySigningTests(RegistryFixture registries) : IDisposable
{
    private static readonly Dictionary<string, string> NoAnnotations = [];
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    private static RegistryOptions Options(LocalRegistry registry) => new()
    {
        InsecureRegistries = [registry.Host],
        DockerConfigPath = "/nonexistent/config.json",
        Retry = new HttpRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) },
    };

    private static async Task<(string Image, Digest Digest, RegistryOptions Options)> PushImageAsync(RegistryFixture registries, string repository)
    {
        var registry = await registries.PlainAsync();
        var built = RegistryImages.Small(marker: repository.Replace('/', '-'));
        await RegistryImages.PushAsync(built, registry, repository + ":1");
        return ($"{registry.Host}/{repository}:1", Digest.Parse(built.ManifestDigest), Options(registry));
    }

    [Fact]
    public async Task Should_Verify_And_Store_Cosigns_Layout_When_Signed()
    {
        var (image, digest, options) = await PushImageAsync(registries, "signing/ok");

        var signed = await ImageSigner.SignAsync(image, _key, new Dictionary<string, string> { ["env"] = "prod" }, options, CancellationToken.None);
        var result = await ImageVerifier.VerifyAsync(image, _key, new Dictionary<string, string> { ["env"] = "prod" }, options, CancellationToken.None);

        Assert.Equal(digest, signed.ImageDigest);
        Assert.True(result.IsVerified, result.FailureReason);
        var host = image[..image.IndexOf('/', StringComparison.Ordinal)];
        var raw = await ProcessRunner.CheckedAsync("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{host}/signing/ok:sha256-{digest.Hex}.sig");
        using var manifest = JsonDocument.Parse(raw);
        var layer = manifest.RootElement.GetProperty("layers")[0];
        Assert.Equal(SimpleSigningPayload.MediaType, layer.GetProperty("mediaType").GetString());
        Assert.True(layer.GetProperty("annotations").TryGetProperty(SignatureManifest.SignatureAnnotation, out _));
    }

    [Fact]
    public async Task Should_Append_A_Layer_When_Signing_Twice()
    {
        var (image, _, options) = await PushImageAsync(registries, "signing/twice");

        await ImageSigner.SignAsync(image, _otherKey, NoAnnotations, options, CancellationToken.None);
        var second = await ImageSigner.SignAsync(image, _key, NoAnnotations, options, CancellationToken.None);
        var result = await ImageVerifier.VerifyAsync(image, _key, NoAnnotations, options, CancellationToken.None);

        Assert.Equal(2, second.SignatureCount);
        Assert.Equal(new[] { false, true }, result.Signatures.Select(s => s.Verified));
        Assert.True(result.IsVerified);
    }

    [Fact]
    public async Task Should_Fail_When_The_Signature_Manifest_Is_Replaced_By_One_From_Another_Key()
    {
        var (image, digest, options) = await PushImageAsync(registries, "signing/replaced");
        await ImageSigner.SignAsync(image, _key, NoAnnotations, options, CancellationToken.None);
        var payload = SimpleSigningPayload.Create("attacker/app", digest, null);
        var forged = SignatureManifest.Empty.Append(payload, PayloadSignature.Sign(_otherKey, payload));
        using (var registry = new RegistryArtifacts(options))
        {
            await registry.PushManifestAsync(ImageReference.Parse(image), SignatureManifest.TagFor(digest), forged.ManifestBytes,
                SignatureManifest.MediaType, forged.Blobs, CancellationToken.None);
        }

        var result = await ImageVerifier.VerifyAsync(image, _key, NoAnnotations, options, CancellationToken.None);

        Assert.False(result.IsVerified);
        Assert.Contains("does not match the key", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Report_No_Signature_When_The_Image_Was_Never_Signed()
    {
        var (image, digest, options) = await PushImageAsync(registries, "signing/unsigned");

        var result = await ImageVerifier.VerifyAsync(image, _key, NoAnnotations, options, CancellationToken.None);

        Assert.Empty(result.Signatures);
        Assert.EndsWith($"signing/unsigned:sha256-{digest.Hex}.sig does not exist", result.FailureReason, StringComparison.Ordinal);
    }
}
