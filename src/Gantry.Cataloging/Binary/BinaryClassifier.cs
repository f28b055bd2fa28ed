using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.Cataloging.Binary;

/// <summary>What a classifier recognized in a file: the product, its version and why it is believed.</summary>
internal sealed record BinaryMatch(string Product, string Version, string Vendor, string CpeProduct, string Evidence);

/// <summary>
/// Recognizes one product from a file's name and a version string inside it. The file name decides
/// whether the classifier applies (cheap) and may pin part of the version (<c>python3.11</c>); the
/// contents are then searched for a literal anchor with a span search, and the version pattern is
/// matched on a small window from there, so a 60 MB binary costs one pass and no copies.
/// </summary>
/// <param name="fileName">Must match the file's name; an optional <c>prefix</c> group is the version's known start.</param>
/// <param name="anchor">The literal bytes that start the version string, given the prefix.</param>
/// <param name="version">Matched at the anchor; its <c>version</c> group is the version.</param>
internal sealed class BinaryClassifier(string product, string vendor, string cpeProduct, Regex fileName, Func<string, string> anchor, Regex version)
{
    /// <summary>Bytes from the anchor in which the version must appear.</summary>
    private const int Window = 80;

    public string Product => product;

    public BinaryMatch? Match(string path, ReadOnlySpan<byte> content)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var named = fileName.Match(name);
        if (!named.Success)
        {
            return null;
        }

        var prefix = named.Groups["prefix"].Success ? named.Groups["prefix"].Value : string.Empty;
        var literal = Encoding.Latin1.GetBytes(anchor(prefix));
        for (var at = content.IndexOf(literal); at >= 0;)
        {
            var window = Encoding.Latin1.GetString(content.Slice(at, Math.Min(Window, content.Length - at)));
            if (version.Match(window) is { Success: true } found)
            {
                return new BinaryMatch(product, found.Groups["version"].Value, vendor, cpeProduct,
                    $"version string '{found.Value.Trim('\0', ' ', '-')}' in a file named '{name}'");
            }

            var next = content[(at + 1)..].IndexOf(literal);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return null;
    }
}
