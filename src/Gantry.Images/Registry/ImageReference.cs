using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Images.Registry;

/// <summary>
/// A registry image reference normalized the way docker does: <c>alpine</c> is
/// <c>docker.io/library/alpine:latest</c>; a first component with a dot, a colon or <c>localhost</c> is a host.
/// </summary>
public sealed partial record ImageReference
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

        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Core.Digest.TryParse(rest[(at + 1)..], out var d))
            {
                throw new InvalidInputException($"{value}: '{rest[(at + 1)..]}' is not a valid digest (expected sha256:<64 hex>)");
            }

            digest = d;
            rest = rest[..at];
        }

        string? tag = null;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon > rest.LastIndexOf('/'))
        {
            tag = rest[(lastColon + 1)..];
            rest = rest[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                throw new InvalidInputException($"{value}: '{tag}' is not a valid tag");
            }
        }

        var registry = DockerHub;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IsHost(rest[..slash]))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        if (!RepositoryPattern().IsMatch(rest))
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

    private static bool IsHost(string component) =>
        component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal) || component == "localhost";

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
