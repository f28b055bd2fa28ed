using Gantry.Core;

namespace Gantry.Signing.Verification;

/// <summary>
/// What <c>gantry verify</c> found for one image: every signature under its <c>.sig</c> tag with its
/// outcome. The image is verified when at least one signature is (cosign's rule).
/// </summary>
public sealed record VerificationResult(string Image, Digest ImageDigest, string SignatureReference, IReadOnlyList<SignatureCheck> Signatures)
{
    public bool IsVerified => Signatures.Any(s => s.Verified);

    /// <summary>Why verification failed, in one line; null when it succeeded.</summary>
    public string? FailureReason => IsVerified ? null
        : Signatures.Count == 0 ? $"no signature: {SignatureReference} does not exist"
        : $"none of {Signatures.Count} signature(s) verified: {string.Join("; ", Signatures.Select(s => $"#{s.Index + 1} {s.Detail}"))}";
}
