using System.Text;
using System.Text.RegularExpressions;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Binary;

/// <summary>What a classifier recognized in a file: the product, its version and why it is believed.</summary>
internal sealed record BinaryMatch(string Product, string Version, string Vendor, string CpeProduct, string Evidence);

/// <summary>
/// Recognizes one product from a file's name and a version string inside it. The file name decides
/// whether the classifier applies (cheap) and may pin part of the version (<c>python3.11</c>); the
/// contents are then searched for a literal anchor, front to back through a small buffer
/// (<see cref="BinaryClassifierExtractor.Classify"/>), and the version pattern is matched on a small window from there,
/// so a 60 MB library costs one streamed pass, no copy and no spill.
/// </summary>
/// <param name="fileName">Must match the file's name; an optional <c>prefix</c> group is the version's known start.</param>
/// <param name="anchor">The literal bytes that start the version string, given the prefix.</param>
/// <param name="version">Matched at the anchor; its <c>version</c> group is the version.</param>
internal sealed class BinaryClassifier(string product, string vendor, string cpeProduct, Regex fileName, Func<string, string> anchor, Regex version)
{
    /// <summary>Bytes from the anchor in which the version must appear.</summary>
    public const int Window = 80;

    public string Product => product;

    /// <summary>The version's known start from the file's name ("" when the name pins none); null when the name does not match.</summary>
    public string? PrefixFor(string name)
    {
        var named = fileName.Match(name);
        return !named.Success ? null : named.Groups["prefix"].Success ? named.Groups["prefix"].Value : string.Empty;
    }

    public byte[] AnchorFor(string prefix) => Encoding.Latin1.GetBytes(anchor(prefix));

    /// <summary>The version and the matched text (trimmed) when the version pattern matches at the start of <paramref name="window"/>.</summary>
    public (string Version, string Found)? MatchAt(ReadOnlySpan<byte> window)
    {
        var text = Encoding.Latin1.GetString(window[..Math.Min(Window, window.Length)]);
        return version.Match(text) is { Success: true } found ? (found.Groups["version"].Value, found.Value.Trim('\0', ' ', '-')) : null;
    }

    public BinaryMatch Create(string versionFound, string found, string name) =>
        new(product, versionFound, vendor, cpeProduct, $"version string '{found}' in a file named '{name}'");

    public BinaryMatch? Match(string path, ReadOnlySpan<byte> content) =>
        BinaryClassifierExtractor.Classify([this], FileExtractSource.FromMemory(path, content.ToArray())) is { } hit
            ? Create(hit.Version, hit.Found, path[(path.LastIndexOf('/') + 1)..])
            : null;
}
