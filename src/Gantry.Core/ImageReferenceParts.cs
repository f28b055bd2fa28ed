using System.Text.RegularExpressions;

namespace Gantry.Core;

/// <summary>
/// An image reference <c>[HOST/]PATH[:TAG][@DIGEST]</c> split by the docker grammar: the digest after <c>@</c>, the tag
/// after a <c>:</c> in the last path part, and the first part as the host when the caller's rule says so. The parsers
/// that build on it differ only in defaults and checks (pulling inserts Docker Hub's <c>library/</c>, Anchore's does not).
/// </summary>
public sealed partial record ImageReferenceParts(string? Host, string Path, string? Tag, string? Digest)
{
    public static ImageReferenceParts Split(string reference, Func<string, bool> isHost)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(isHost);
        var rest = reference;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && isHost(rest[..slash])
            ? new ImageReferenceParts(rest[..slash], rest[(slash + 1)..], tag, digest)
            : new ImageReferenceParts(null, rest, tag, digest);
    }

    /// <summary>Docker's rule for the first path part: a host when it has a <c>.</c> or a port, or is <c>localhost</c>.</summary>
    public static bool LooksLikeHost(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.Contains('.', StringComparison.Ordinal) || part.Contains(':', StringComparison.Ordinal) || part == "localhost";
    }

    /// <summary>Lowercase letters and digits, separated by <c>.</c>, <c>_</c>, <c>__</c> or dashes, in parts joined by <c>/</c>.</summary>
    public static bool IsValidPath(string path) => PathPattern().IsMatch(path);

    /// <summary>Up to 128 letters, digits, <c>_</c>, <c>.</c> and <c>-</c>, not starting with <c>.</c> or <c>-</c>.</summary>
    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
