using Gantry.Core;

namespace Gantry.Engine.Scanning;

/// <summary>
/// Which layers belong to the base image. The OCI annotations <c>org.opencontainers.image.base.name</c> and
/// <c>.digest</c> name the base image but not its layer count, so the count comes from <c>--base-layers N</c>; the
/// annotation names the base in the report. Without a count the split is unknown and every layer counts as the
/// application's.
/// </summary>
public static class BaseLayerSplit
{
    public const string BaseNameAnnotation = "org.opencontainers.image.base.name";
    public const string BaseDigestAnnotation = "org.opencontainers.image.base.digest";

    public static (IReadOnlyList<string> DiffIds, string? BaseImage) Resolve(ImageDescription image, int? baseLayers)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (baseLayers is < 0)
        {
            throw new InvalidInputException($"--base-layers {baseLayers}: must be 0 or more");
        }

        if (baseLayers > image.Layers.Count)
        {
            throw new InvalidInputException($"--base-layers {baseLayers}: the image has only {image.Layers.Count} layers");
        }

        var name = image.Annotations.GetValueOrDefault(BaseNameAnnotation);
        var digest = image.Annotations.GetValueOrDefault(BaseDigestAnnotation);
        var baseImage = (name, digest) switch
        {
            (null, null) => null,
            ({ } n, null) => n,
            (null, { } d) => d,
            ({ } n, { } d) => $"{n}@{d}",
        };
        var diffIds = baseLayers is { } count
            ? image.Layers.OrderBy(l => l.Index).Take(count).Select(l => l.DiffId).ToList()
            : [];
        return (diffIds, baseImage);
    }
}
