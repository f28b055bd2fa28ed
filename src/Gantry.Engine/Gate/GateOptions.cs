using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Signing.Keys;

namespace Gantry.Engine.Gate;

/// <summary>How to gate an image: the evaluation (the same options as <c>evaluate</c>), where a passing image goes and the key that signs it.</summary>
public sealed record GateOptions
{
    public required EvaluationOptions Evaluation { get; init; }

    /// <summary>Where a passing image is pushed: <c>HOST[:PORT]/REPO[:TAG]</c> (<c>registry:</c> prefix optional).</summary>
    public required string Destination { get; init; }

    /// <summary>Signs the pushed image; null pushes it unsigned.</summary>
    public ECDsa? SigningKey { get; init; }

    /// <summary>Also signs the pushed tag with Docker Content Trust in this notary server (beside or instead of <see cref="SigningKey"/>); null does not.</summary>
    public Trust.TrustAccess? Notary { get; init; }

    /// <summary>Stop when an active finding is at or above this severity, whatever the policy says.</summary>
    public Severity? FailOn { get; init; }
}

/// <summary>A public key trusted to sign base images, named by the file it came from.</summary>
public sealed record TrustedKey(string Name, ECDsa Key)
{
    /// <summary>Every <c>*.pub</c> key of <paramref name="folder"/>, by file name; none when the folder is null.</summary>
    public static IReadOnlyList<TrustedKey> LoadFolder(string? folder)
    {
        if (folder is null)
        {
            return [];
        }

        if (!Directory.Exists(folder))
        {
            throw new InvalidInputException($"--trusted-keys {folder}: no such folder");
        }

        var files = Directory.GetFiles(folder, "*.pub").Order(StringComparer.Ordinal).ToList();
        return files.Count == 0
            ? throw new InvalidInputException($"--trusted-keys {folder}: holds no *.pub key")
            : files.Select(f => new TrustedKey(Path.GetFileName(f), KeyLoader.LoadPublicKey(f))).ToList();
    }
}
