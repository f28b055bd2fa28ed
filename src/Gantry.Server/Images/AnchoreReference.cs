using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Server.Images;

/// <summary>
/// An image reference parsed Anchore's way (<c>util/docker.py parse_dockerimage_string</c>): the first path part is
/// the registry only when it has a <c>.</c> or <c>:</c> or is one of a few names, otherwise <c>docker.io</c>; no
/// <c>library/</c> is inserted; the tag defaults to <c>latest</c>. The fulltag keys tags, subscriptions and evaluations.
/// </summary>
public sealed partial record AnchoreReference(string Registry, string Repo, string? Tag, string? Digest)
{
    private static readonly string[] HostNames = ["docker.io", "localhost", "localhost.localdomain", "localbuild"];

    public string FullTag => $"{Registry}/{Repo}:{Tag ?? "latest"}";

    /// <summary>Where the engine pulls from: pinned to <paramref name="digest"/>.</summary>
    public string PullString(string digest) => $"{Registry}/{Repo}@{digest}";

    /// <summary>The reference the registry lookup resolves.</summary>
    public string LookupString => Digest is null ? FullTag : $"{Registry}/{Repo}@{Digest}";

    public static AnchoreReference Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rest = input.Trim();
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!Core.Digest.TryParse(digest, out _))
            {
                throw new InvalidInputException($"'{input}': '{digest}' is not a digest");
            }
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var registry = "docker.io";
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && (rest[..slash].Contains('.', StringComparison.Ordinal) || rest[..slash].Contains(':', StringComparison.Ordinal)
            || HostNames.Contains(rest[..slash], StringComparer.Ordinal)))
        {
            registry = rest[..slash];
            rest = rest[(slash + 1)..];
        }

        if (!RepoPattern().IsMatch(rest) || (tag is not null && !TagPattern().IsMatch(tag)))
        {
            throw new InvalidInputException($"'{input}' is not a valid image reference");
        }

        return new AnchoreReference(registry, rest, tag ?? (digest is null ? "latest" : null), digest);
    }

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepoPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
