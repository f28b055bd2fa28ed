using Gantry.Core;

namespace Gantry.Server.Images;

/// <summary>
/// An image reference parsed Anchore's way (<c>util/docker.py parse_dockerimage_string</c>): the first path part is
/// the registry only when it has a <c>.</c> or <c>:</c> or is one of a few names, otherwise <c>docker.io</c>; no
/// <c>library/</c> is inserted; the tag defaults to <c>latest</c>. The fulltag keys tags, subscriptions and evaluations.
/// </summary>
public sealed record AnchoreReference(string Registry, string Repo, string? Tag, string? Digest)
{
    /// <summary>First parts Anchore takes for a host even without a <c>.</c> or a port.</summary>
    private static readonly string[] HostNames = ["localbuild"];

    public string FullTag => $"{Registry}/{Repo}:{Tag ?? "latest"}";

    /// <summary>Where the engine pulls from: pinned to <paramref name="digest"/>.</summary>
    public string PullString(string digest) => $"{Registry}/{Repo}@{digest}";

    /// <summary>The reference the registry lookup resolves.</summary>
    public string LookupString => Digest is null ? FullTag : $"{Registry}/{Repo}@{Digest}";

    public static AnchoreReference Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parts = ImageReferenceParts.Split(input.Trim(), part => ImageReferenceParts.LooksLikeHost(part) || HostNames.Contains(part, StringComparer.Ordinal));
        if (parts.Digest is not null && !Core.Digest.TryParse(parts.Digest, out _))
        {
            throw new InvalidInputException($"'{input}': '{parts.Digest}' is not a digest");
        }

        if (!ImageReferenceParts.IsValidPath(parts.Path) || (parts.Tag is not null && !ImageReferenceParts.IsValidTag(parts.Tag)))
        {
            throw new InvalidInputException($"'{input}' is not a valid image reference");
        }

        return new AnchoreReference(parts.Host ?? "docker.io", parts.Path, parts.Tag ?? (parts.Digest is null ? "latest" : null), parts.Digest);
    }
}
