using Gantry.Core;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Evaluation;

/// <summary>The identity mappings and allowed/denied image rules match against, from what the source recorded.</summary>
public static class PolicyImages
{
    private const string RegistryPrefix = "registry:";

    public static PolicyImage From(ImageDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var imageId = description.ConfigDigest is { } config ? config[(config.IndexOf(':', StringComparison.Ordinal) + 1)..] : null;
        var reference = (description.Tags.Count > 0 ? description.Tags[0] : null)
            ?? (description.Input.StartsWith(RegistryPrefix, StringComparison.Ordinal) ? description.Input[RegistryPrefix.Length..] : null)
            ?? LocalName(description.Input);
        var image = PolicyImage.Parse(reference, imageId);
        return image.Digest is null ? image with { Digest = description.ManifestDigest } : image;
    }

    /// <summary>An untagged local archive or folder is named after its file: <c>local/app</c> for <c>docker-archive:app.tar</c>.</summary>
    private static string LocalName(string input)
    {
        var colon = input.IndexOf(':', StringComparison.Ordinal);
        var path = (colon > 0 ? input[(colon + 1)..] : input).TrimEnd('/');
        var name = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray()).Trim('-', '.', '_');
        return "local/" + (safe.Length > 0 ? safe : "image");
    }
}
