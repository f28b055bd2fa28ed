using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Images.Registry;
using Gantry.Signing.Payload;

namespace Gantry.Signing.Cosign;

/// <summary>What <c>gantry sign</c> did.</summary>
public sealed record SigningResult(string Image, Digest ImageDigest, string SignatureReference, Digest SignatureManifestDigest, int SignatureCount);

/// <summary>
/// <c>gantry sign</c>: resolves the image to its manifest digest, signs a simple-signing payload for
/// it and appends the signature as a new layer of the <c>.sig</c> manifest, the way cosign does.
/// </summary>
public static class ImageSigner
{
    public static async Task<SigningResult> SignAsync(string image, ECDsa key, IReadOnlyDictionary<string, string> annotations,
        RegistryOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reference = SignatureTarget.Parse(image);
        using var registry = new RegistryArtifacts(options);
        var digest = await registry.ResolveDigestAsync(reference, cancellationToken).ConfigureAwait(false);
        var tag = SignatureManifest.TagFor(digest);
        var signatureReference = SignatureTarget.SignatureReference(reference, digest);
        var stored = await registry.TryGetManifestAsync(reference, tag, cancellationToken).ConfigureAwait(false);
        var existing = stored is null ? SignatureManifest.Empty : SignatureManifest.Parse(stored.Bytes, signatureReference);

        var payload = SimpleSigningPayload.Create(SignatureTarget.DockerReference(reference), digest, annotations);
        var signed = existing.Append(payload, PayloadSignature.Sign(key, payload));
        var pushed = await registry.PushManifestAsync(reference, tag, signed.ManifestBytes, SignatureManifest.MediaType, signed.Blobs, cancellationToken)
            .ConfigureAwait(false);
        return new SigningResult(reference.ToString(), digest, signatureReference, pushed, signed.Layers.Count);
    }
}
