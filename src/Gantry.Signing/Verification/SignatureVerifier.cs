using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Core;
using Gantry.Images.Oci;
using Gantry.Signing.Cosign;
using Gantry.Signing.Payload;

namespace Gantry.Signing.Verification;

/// <summary>
/// Checks one signature layer the way <c>cosign verify --key</c> does (REFERENCE.md §4.1): the
/// signature over the payload bytes with the key, then the payload's claims (type and manifest
/// digest), then the required <c>-a key=value</c> annotations in <c>optional</c>.
/// </summary>
public static class SignatureVerifier
{
    public static SignatureCheck Check(int index, OciDescriptor layer, byte[] payload, ECDsa key, Digest imageDigest,
        IReadOnlyDictionary<string, string> requiredAnnotations)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(requiredAnnotations);
        SignatureCheck Fail(string detail) => new(index, layer.Digest, false, detail);

        if (layer.Annotations?.GetValueOrDefault(SignatureManifest.SignatureAnnotation) is not { } encoded)
        {
            return Fail($"layer has no {SignatureManifest.SignatureAnnotation} annotation");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return Fail("the signature annotation is not base64");
        }

        if (!PayloadSignature.Verify(key, payload, signature))
        {
            return Fail("signature does not match the key (signed by another key, or the payload was changed)");
        }

        SimpleSigningPayload claims;
        try
        {
            claims = SimpleSigningPayload.Parse(payload);
        }
        catch (FormatException ex)
        {
            return Fail($"malformed payload: {ex.Message}");
        }

        if (claims.Type != SimpleSigningPayload.CosignSignatureType)
        {
            return Fail($"payload type is '{claims.Type}', not '{SimpleSigningPayload.CosignSignatureType}'");
        }

        if (claims.ManifestDigest != imageDigest)
        {
            return Fail($"payload is for digest {claims.ManifestDigest}, not the image's {imageDigest}");
        }

        foreach (var (name, wanted) in requiredAnnotations)
        {
            if (!claims.Optional.TryGetValue(name, out var actual))
            {
                return Fail($"annotation {name} is missing (wanted '{wanted}')");
            }

            if (actual.ValueKind != JsonValueKind.String || actual.GetString() != wanted)
            {
                return Fail($"annotation {name} is {actual.GetRawText()}, not '{wanted}'");
            }
        }

        return new SignatureCheck(index, layer.Digest, true, $"verified (payload digest claim {claims.ManifestDigest})");
    }
}
