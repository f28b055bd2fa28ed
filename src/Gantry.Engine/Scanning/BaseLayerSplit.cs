using Gantry.Core;
using Gantry.Images.Registry;

namespace Gantry.Engine.Scanning;

/// <summary>
/// Which layers belong to the base image, and what said so. <c>--base-layers N</c> wins: the first N layers. Otherwise,
/// when the image's annotations name its base image with a registry host, the base image's manifest and config are
/// read from that registry and its layers are found at the bottom of the image (<see cref="BaseImageLayers"/>). When
/// neither gives the layers the split is unknown, every layer counts as the application's, and a warning says why.
/// </summary>
public sealed record BaseLayerSplit
{
    /// <summary><see cref="Origin"/> when the count came from <c>--base-layers N</c>.</summary>
    public const string FromOption = "--base-layers";

    /// <summary><see cref="Origin"/> when the layers came from the base image the annotations name.</summary>
    public const string FromAnnotation = "annotation";

    private const string NotSplit = "; every layer counts as the application's (--base-layers N sets the split)";

    /// <summary>DiffIDs of the base image's layers; empty when the split is unknown.</summary>
    public IReadOnlyList<string> DiffIds { get; init; } = [];

    /// <summary>The base image as the image names it (<c>name@digest</c>), when it does.</summary>
    public string? BaseImage { get; init; }

    /// <summary><see cref="FromOption"/> or <see cref="FromAnnotation"/>; null when the split is unknown.</summary>
    public string? Origin { get; init; }

    /// <summary>Why the annotation did not give the split (or gave less of it than it claims).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The split <c>--base-layers</c> gives, without looking anything up; the annotation only names the base image.</summary>
    public static BaseLayerSplit FromCount(ImageDescription image, int? baseLayers)
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

        return new BaseLayerSplit
        {
            BaseImage = BaseImageName.Of(image)?.ToString(),
            DiffIds = baseLayers is { } count ? image.Layers.OrderBy(l => l.Index).Take(count).Select(l => l.DiffId).ToList() : [],
            Origin = baseLayers is null ? null : FromOption,
        };
    }

    /// <summary>The split: <c>--base-layers</c> when given, else the layers of the base image the annotations name.</summary>
    public static async Task<BaseLayerSplit> ResolveAsync(ImageDescription image, int? baseLayers, RegistryOptions registry, CancellationToken cancellationToken)
    {
        var split = FromCount(image, baseLayers);
        if (baseLayers is not null || BaseImageName.Of(image) is not { } baseImage)
        {
            return split;
        }

        var found = await BaseImageLayers.FindAsync(baseImage, image, registry, cancellationToken).ConfigureAwait(false);
        return split with
        {
            DiffIds = found.DiffIds,
            Origin = found.DiffIds.Count > 0 ? FromAnnotation : null,
            Warnings = found.Warning is null ? [] : [found.DiffIds.Count > 0 ? found.Warning : found.Warning + NotSplit],
        };
    }
}
