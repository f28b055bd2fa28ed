using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Engine.Trust;
using Gantry.Images.Registry;
using Gantry.Policy.Evaluation;
using Gantry.Signing.Verification;

namespace Gantry.Engine.Gate;

/// <summary>
/// Checks an image's base image: its cosign signature against the trusted keys, and its tag's Docker Content Trust
/// signature when a notary server is required. The base image is named by <c>--base</c> or by the image's
/// <c>org.opencontainers.image.base.name</c> / <c>.base.digest</c>; with a digest the signature must be for exactly
/// that manifest, not for whatever the tag points to now. With both checks, both must pass.
/// </summary>
public static class BaseImageTrust
{
    public static async Task<BaseImageCheck?> CheckAsync(BaseImageFacts? detected, string? baseOverride, IReadOnlyList<TrustedKey> keys,
        TrustAccess? notary, RegistryOptions registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var reference = ReferenceOf(detected, baseOverride);
        if (reference is null)
        {
            return null;
        }

        if (keys.Count == 0 && notary is null)
        {
            return new BaseImageCheck(reference, null, "no trusted keys given: the base image's signature was not checked");
        }

        var cosign = keys.Count == 0 ? null : await CheckKeysAsync(reference, keys, registry, cancellationToken).ConfigureAwait(false);
        if (notary is null || cosign?.Verified == false)
        {
            return cosign;
        }

        var signed = await CheckNotaryAsync(detected, baseOverride, notary, registry, clock, cancellationToken).ConfigureAwait(false);
        return cosign is null || signed.Verified == false ? signed : signed with { Detail = $"{cosign.Detail}; {signed.Detail}" };
    }

    /// <summary>The base's tag must verify in the notary server, and its signed digest must be the base's digest when that is known.</summary>
    private static async Task<BaseImageCheck> CheckNotaryAsync(BaseImageFacts? detected, string? baseOverride, TrustAccess notary, RegistryOptions registry,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var named = baseOverride is not null ? ImageReference.Parse(StripPrefix(baseOverride)) : ImageReference.Parse(detected!.Reference!);
        var digest = baseOverride is not null ? named.Digest?.ToString() : detected!.Digest;
        var tagged = $"{named.RepositoryName}:{named.Tag ?? "latest"}";
        TrustVerifyReport result;
        try
        {
            result = await new TrustOperations(clock).VerifyAsync(tagged, notary, registry, cancellationToken).ConfigureAwait(false);
        }
        catch (GantryException ex)
        {
            return new BaseImageCheck(tagged, false, $"Docker Content Trust: {ex.Message}");
        }

        if (result.FailureReason is { } reason)
        {
            return new BaseImageCheck(tagged, false, $"Docker Content Trust: {reason}");
        }

        return digest is not null && digest != result.SignedDigest
            ? new BaseImageCheck(tagged, false, $"Docker Content Trust: the base image is {digest}, but {tagged} is signed as {result.SignedDigest}")
            : new BaseImageCheck(tagged, true, $"signed with Docker Content Trust in {result.SignedRole} as {result.SignedDigest}");
    }

    private static async Task<BaseImageCheck> CheckKeysAsync(string reference, IReadOnlyList<TrustedKey> keys, RegistryOptions registry,
        CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var key in keys)
        {
            VerificationResult result;
            try
            {
                result = await ImageVerifier.VerifyAsync(reference, key.Key, new Dictionary<string, string>(), registry, cancellationToken).ConfigureAwait(false);
            }
            catch (GantryException ex)
            {
                // An unreachable or missing base image is as untrusted as an unsigned one.
                return new BaseImageCheck(reference, false, ex.Message);
            }

            if (result.IsVerified)
            {
                return new BaseImageCheck(reference, true, $"signature verified with {key.Name}");
            }

            failures.Add($"{key.Name}: {result.FailureReason}");
        }

        return new BaseImageCheck(reference, false, string.Join("; ", failures));
    }

    /// <summary>The facts with the override's name and digest and the check's outcome.</summary>
    public static BaseImageFacts? Apply(BaseImageFacts? detected, string? baseOverride, BaseImageCheck? check)
    {
        if (baseOverride is null && check is null)
        {
            return detected;
        }

        var facts = detected ?? new BaseImageFacts();
        if (baseOverride is not null)
        {
            var parsed = ImageReference.Parse(StripPrefix(baseOverride));
            facts = facts with { Reference = parsed.RepositoryName + (parsed.Tag is null ? string.Empty : ":" + parsed.Tag), Digest = parsed.Digest?.ToString() };
        }

        return facts with { SignatureVerified = check?.Verified };
    }

    private static string? ReferenceOf(BaseImageFacts? detected, string? baseOverride)
    {
        if (baseOverride is not null)
        {
            return ImageReference.Parse(StripPrefix(baseOverride)).ToString();
        }

        return detected?.Reference is { } name ? new BaseImageName(name, detected.Digest).ToReference().ToString() : null;
    }

    private static string StripPrefix(string image) =>
        image.StartsWith("registry:", StringComparison.Ordinal) ? image["registry:".Length..] : image;
}
