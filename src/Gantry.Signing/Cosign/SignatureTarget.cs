using Gantry.Core;
using Gantry.Images.Registry;

namespace Gantry.Signing.Cosign;

/// <summary>An image to sign or verify: a registry reference, with or without the <c>registry:</c> prefix.</summary>
internal static class SignatureTarget
{
    public static ImageReference Parse(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ImageReference.Parse(image.StartsWith("registry:", StringComparison.Ordinal) ? image["registry:".Length..] : image);
    }

    /// <summary>The payload's <c>docker-reference</c>: the repository as go-containerregistry names it (<c>index.docker.io/…</c> for Docker Hub).</summary>
    public static string DockerReference(ImageReference reference) =>
        (reference.Registry == ImageReference.DockerHub ? "index.docker.io" : reference.Registry) + "/" + reference.Repository;

    /// <summary>Where the signatures of <paramref name="digest"/> live: the <c>.sig</c> tag in the image's repository.</summary>
    public static string SignatureReference(ImageReference reference, Digest digest) =>
        $"{reference.RepositoryName}:{SignatureManifest.TagFor(digest)}";
}
