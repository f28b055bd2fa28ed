using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Engine.Evaluation;

namespace Gantry.Engine.Gate;

/// <summary>How to gate an image: the evaluation, where a passing image goes, the key that signs it and the keys a base image must be signed with.</summary>
public sealed record GateOptions
{
    public required EvaluationOptions Evaluation { get; init; }

    /// <summary>Where a passing image is pushed: <c>HOST[:PORT]/REPO[:TAG]</c> (<c>registry:</c> prefix optional).</summary>
    public required string Destination { get; init; }

    /// <summary>Signs the pushed image; null pushes it unsigned.</summary>
    public ECDsa? SigningKey { get; init; }

    /// <summary>Public keys a base image's signature must verify with; empty leaves the base image's signature unchecked.</summary>
    public IReadOnlyList<TrustedKey> TrustedKeys { get; init; } = [];

    /// <summary>The base image, overriding the <c>org.opencontainers.image.base.*</c> annotations of the image.</summary>
    public string? BaseImage { get; init; }

    /// <summary>Stop when an active finding is at or above this severity, whatever the policy says.</summary>
    public Severity? FailOn { get; init; }
}

/// <summary>A public key trusted to sign base images, named by the file it came from.</summary>
public sealed record TrustedKey(string Name, ECDsa Key);
