using Gantry.Core;

namespace Gantry.Images.Registry;

/// <summary>
/// A registry image reference normalized the way docker does: <c>alpine</c> is
/// <c>docker.io/library/alpine:latest</c>; a first component with a dot, a colon or <c>localhost</c> is a host.
/// </summary>
public sealed record ImageReference
{
    public const string DockerHub = "docker.io";

    /// <summary>The registry as users name it: <c>docker.io</c>, <c>ghcr.io</c>, <c>127.0.0.1:5000</c>.</summary>
    public required string Registry { get; init; }

    /// <summary>The repository path, e.g. <c>library/alpine</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>The tag; <c>latest</c> when neither a tag nor a digest was given.</summary>
    public string? Tag { get; init; }

    public Digest? Digest { get; init; }

    /// <summary>The host that serves the API: Docker Hub's API lives at <c>registry-1.docker.io</c>.</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>What the manifest endpoint takes: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? "latest";

    /// <summary>The repository on its registry, without tag or digest.</summary>
    public string RepositoryName => $"{Registry}/{Repository}";

    public static ImageReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var rest = value.Trim();
        if (rest.Length == 0)
        {
            throw new InvalidInputException("image reference: empty");
        }

        var parts = ImageReferenceParts.Split(rest, ImageReferenceParts.LooksLikeHost);
        Digest? digest = null;
        if (parts.Digest is not null)
        {
            if (!Core.Digest.TryParse(parts.Digest, out var d))
            {
                throw new InvalidInputException($"{value}: '{parts.Digest}' is not a valid digest (expected sha256:<64 hex>)");
            }

            digest = d;
        }

        var tag = parts.Tag;
        if (tag is not null && !ImageReferenceParts.IsValidTag(tag))
        {
            throw new InvalidInputException($"{value}: '{tag}' is not a valid tag");
        }

        var registry = parts.Host ?? DockerHub;
        rest = parts.Path;
        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        if (!ImageReferenceParts.IsValidPath(rest))
        {
            throw new InvalidInputException($"{value}: '{rest}' is not a valid repository name (lowercase letters, digits and . _ - separated by /)");
        }

        return new ImageReference
        {
            Registry = registry,
            Repository = rest,
            Tag = tag ?? (digest is null ? "latest" : null),
            Digest = digest,
        };
    }

    public ImageReference WithDigest(Digest digest) => this with { Digest = digest };

    public override string ToString() =>
        RepositoryName + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

}
