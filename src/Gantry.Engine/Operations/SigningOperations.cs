using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Engine.Sources;
using Gantry.Signing.Cosign;
using Gantry.Signing.Keys;
using Gantry.Signing.Verification;

namespace Gantry.Engine.Operations;

/// <summary>The two files <c>keygen</c> wrote.</summary>
public sealed record KeyPairFiles(string PrivateKeyPath, string PublicKeyPath);

/// <summary>What <c>sign</c> pushed: the signature manifest at <see cref="SignatureReference"/> and how many signatures it now holds.</summary>
public sealed record SignatureReport(string Image, Digest ImageDigest, string SignatureReference, Digest SignatureManifestDigest, int SignatureCount);

/// <summary>One signature of an image and whether it verified with the key (and the required annotations).</summary>
public sealed record SignatureOutcome(int Index, string PayloadDigest, bool Verified, string Detail);

/// <summary>What <c>verify</c> found; <see cref="FailureReason"/> is null when at least one signature verified.</summary>
public sealed record VerificationReport(string Image, Digest ImageDigest, string SignatureReference, IReadOnlyList<SignatureOutcome> Signatures, string? FailureReason)
{
    public bool IsVerified => FailureReason is null;
}

/// <summary><c>keygen</c>, <c>sign</c> and <c>verify</c>: cosign-compatible keys and signatures.</summary>
public sealed class SigningOperations(TimeProvider clock)
{
    /// <summary>The names <see cref="GenerateKeyPair"/> takes for the private key file's format.</summary>
    public static IReadOnlyList<string> KeyFileFormatNames => KeyFileFormats.WireNames;

    /// <summary>
    /// Writes <c>PREFIX.key</c> (encrypted with <paramref name="password"/>, in <paramref name="format"/>: <c>pkcs8</c> or
    /// <c>cosign</c>) and <c>PREFIX.pub</c>; existing files are never replaced.
    /// </summary>
    public KeyPairFiles GenerateKeyPair(string prefix, string password, string format)
    {
        var keyFileFormat = KeyFileFormats.Parse(format);
        using var pair = SigningKeyPair.Generate();
        var (privateKey, publicKey) = pair.WriteFiles(prefix, password, keyFileFormat);
        return new KeyPairFiles(privateKey, publicKey);
    }

    /// <summary>A private key PEM (encrypted: <paramref name="password"/> is asked only then).</summary>
    public ECDsa LoadPrivateKey(string path, Func<string> password) => KeyLoader.LoadPrivateKey(path, password);

    public ECDsa LoadPublicKey(string path) => KeyLoader.LoadPublicKey(path);

    /// <summary>Signs an image in its registry the way cosign does: a signature layer on the <c>sha256-&lt;hex&gt;.sig</c> tag.</summary>
    public async Task<SignatureReport> SignAsync(string image, ECDsa key, IReadOnlyDictionary<string, string> annotations, RegistryAccess registry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var result = await ImageSigner.SignAsync(image, key, annotations, registry.ToOptions(clock), cancellationToken).ConfigureAwait(false);
        return new SignatureReport(result.Image, result.ImageDigest, result.SignatureReference, result.SignatureManifestDigest, result.SignatureCount);
    }

    /// <summary>Checks every cosign signature of the image against the key; a missing required annotation fails a signature.</summary>
    public async Task<VerificationReport> VerifyAsync(string image, ECDsa key, IReadOnlyDictionary<string, string> requiredAnnotations, RegistryAccess registry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var result = await ImageVerifier.VerifyAsync(image, key, requiredAnnotations, registry.ToOptions(clock), cancellationToken).ConfigureAwait(false);
        return new VerificationReport(
            result.Image,
            result.ImageDigest,
            result.SignatureReference,
            result.Signatures.Select(s => new SignatureOutcome(s.Index, s.PayloadDigest, s.Verified, s.Detail)).ToList(),
            result.FailureReason);
    }
}
