using Gantry.Core;

namespace Gantry.Formats.Common;

/// <summary>How the standard formats name the scanned image: a readable name and the digest that identifies it.</summary>
public static class ImageIdentity
{
    /// <summary>The first tag without its tag or digest part, else the last segment of the input path.</summary>
    public static string Name(ImageDescription image)
    {
        if (image.Tags.Count > 0)
        {
            var tag = image.Tags[0];
            var at = tag.IndexOf('@', StringComparison.Ordinal);
            tag = at >= 0 ? tag[..at] : tag;
            var colon = tag.LastIndexOf(':');
            return colon > tag.LastIndexOf('/') ? tag[..colon] : tag;
        }

        var input = image.Input;
        var scheme = input.IndexOf(':', StringComparison.Ordinal);
        var location = scheme > 0 && !input.StartsWith('/') ? input[(scheme + 1)..] : input;
        var name = Path.GetFileName(location.TrimEnd('/'));
        return name.Length > 0 ? name : location;
    }

    /// <summary>The manifest digest, else the config digest, else null (docker save archives have no manifest; dir: has neither).</summary>
    public static string? Digest(ImageDescription image) => image.ManifestDigest ?? image.ConfigDigest;

    /// <summary>What a document identifier is derived from: the digest, or the input when there is none.</summary>
    public static string Key(ImageDescription image) => Digest(image) ?? image.Input;
}
