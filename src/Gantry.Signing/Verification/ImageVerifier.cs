using System.Security.Cryptography;
using Gantry.Images.Registry;
using Gantry.Signing.Cosign;

namespace Gantry.Signing.Verification;

/// <summary>
/// <c>gantry verify</c>: resolves the image's digest, reads its <c>.sig</c> manifest and checks every
/// signature layer against the key and the payload's claims.
/// </summary>
public static class ImageVerifier
{
    public static async Task<VerificationResult> VerifyAsync(string image, ECDsa key, IReadOnlyDictionary<string, string> requiredAnnotations,
        RegistryOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var reference = SignatureTarget.Parse(image);
        using var registry = new RegistryArtifacts(options);
        var digest = await registry.ResolveDigestAsync(reference, cancellationToken).ConfigureAwait(false);
        var signatureReference = SignatureTarget.SignatureReference(reference, digest);
        var stored = await registry.TryGetManifestAsync(reference, SignatureManifest.TagFor(digest), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new VerificationResult(reference.ToString(), digest, signatureReference, []);
        }

        var manifest = SignatureManifest.Parse(stored.Bytes, signatureReference);
        var checks = new List<SignatureCheck>();
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = manifest.Layers[i];
            var payload = await registry.GetBlobAsync(reference, layer, "signature payload", cancellationToken).ConfigureAwait(false);
            checks.Add(SignatureVerifier.Check(i, layer, payload, key, digest, requiredAnnotations));
        }

        return new VerificationResult(reference.ToString(), digest, signatureReference, checks);
    }
}
