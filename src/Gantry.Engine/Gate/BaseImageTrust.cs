using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Images.Registry;
using Gantry.Policy.Evaluation;
using Gantry.Signing.Verification;

namespace Gantry.Engine.Gate;

/// <summary>
/// Checks the cosign signature of an image's base image against the trusted keys. The base image is named by
/// <c>--base</c> or by the image's <c>org.opencontainers.image.base.name</c> / <c>.base.digest</c>; with a digest
/// the signature must be for exactly that manifest, not for whatever the tag points to now.
/// </summary>
public static class BaseImageTrust
{
    public static async Task<BaseImageCheck?> CheckAsync(BaseImageFacts? detected, string? baseOverride, IReadOnlyList<TrustedKey> keys,
        RegistryOptions registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var reference = ReferenceOf(detected, baseOverride);
        if (reference is null)
        {
            return null;
        }

        if (keys.Count == 0)
        {
            return new BaseImageCheck(reference, null, "no trusted keys given: the base image's signature was not checked");
        }

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
