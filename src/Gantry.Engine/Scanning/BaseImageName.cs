using Gantry.Core;
using Gantry.Images.Registry;

namespace Gantry.Engine.Scanning;

/// <summary>
/// The base image an image names: the OCI annotations <c>org.opencontainers.image.base.name</c> (a reference) and
/// <c>org.opencontainers.image.base.digest</c> (its manifest digest) on the manifest, or config labels of the same
/// keys as some builders write them. Scan, evaluate and gate all read the base image through this type.
/// </summary>
public sealed record BaseImageName(string? Name, string? Digest)
{
    public const string NameKey = "org.opencontainers.image.base.name";
    public const string DigestKey = "org.opencontainers.image.base.digest";

    /// <summary>The base image the image names, or null when it names none.</summary>
    public static BaseImageName? Of(ImageDescription image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = Value(image, NameKey);
        var digest = Value(image, DigestKey);
        return name is null && digest is null ? null : new BaseImageName(name, digest);
    }

    /// <summary>
    /// True when the name carries a registry host (<c>127.0.0.1:5000/base:12</c>, <c>docker.io/library/debian:12</c>).
    /// A short name such as <c>debian:12</c> is not looked up: which registry it means depends on the builder's
    /// configuration (Docker Hub for docker, <c>registries.conf</c> for podman), so fetching it could read another image.
    /// </summary>
    public bool HasRegistryHost =>
        Name?.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
        && Name[..slash] is var host
        && (host.Contains('.', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal) || host == "localhost");

    /// <summary>The registry reference of the base image, pinned to the digest when there is one.</summary>
    /// <exception cref="InvalidInputException">The name is missing or not a reference, or the digest is not a digest.</exception>
    public ImageReference ToReference()
    {
        var reference = ImageReference.Parse(Name ?? throw new InvalidInputException($"base image {Digest}: the image names no base image reference ({NameKey})"));
        if (Digest is null)
        {
            return reference;
        }

        return Core.Digest.TryParse(Digest, out var digest)
            ? reference.WithDigest(digest)
            : throw new InvalidInputException($"base image digest annotation: '{Digest}' is not a valid digest");
    }

    /// <summary>How reports show the base image: <c>name@digest</c>, or whichever of the two is known.</summary>
    public override string ToString() => (Name, Digest) switch
    {
        ({ } n, { } d) => $"{n}@{d}",
        ({ } n, null) => n,
        _ => Digest ?? string.Empty,
    };

    private static string? Value(ImageDescription image, string key) =>
        image.Annotations.TryGetValue(key, out var value) && value.Length > 0 ? value
        : image.Config.Labels.TryGetValue(key, out var label) && label.Length > 0 ? label
        : null;
}
