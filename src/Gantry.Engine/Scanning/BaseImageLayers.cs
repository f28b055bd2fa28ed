using System.Globalization;
using Gantry.Core;
using Gantry.Images.Oci;
using Gantry.Images.Registry;
using Gantry.Images.Sources;

namespace Gantry.Engine.Scanning;

/// <summary>The diffIDs of the image's layers that are its base image's, and, when the annotation could not be followed all the way, why.</summary>
public sealed record BaseLayerLookup(IReadOnlyList<string> DiffIds, string? Warning);

/// <summary>
/// Finds the base image's layers in an image by reading the base image the annotations name from its registry: the
/// manifest (by digest when the annotation gives one, and the registry client checks the content hashes to it) and the
/// config for the diffIDs; no layer is downloaded. Anything that goes wrong is a warning, never a failure: the split
/// is a convenience, and an image must scan the same whether its base image's registry is up or not.
/// </summary>
public static class BaseImageLayers
{
    /// <summary>One retry instead of the pull budget: a base registry that is down must not hold the scan up for long.</summary>
    private const int MaxRetries = 1;

    public static async Task<BaseLayerLookup> FindAsync(BaseImageName baseImage, ImageDescription image, RegistryOptions registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseImage);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(registry);
        if (baseImage.Name is null)
        {
            return NotSplit($"the image gives its base image's digest ({baseImage.Digest}) but not its name ({BaseImageName.NameKey}), so its layers cannot be looked up");
        }

        if (!baseImage.HasRegistryHost)
        {
            return NotSplit($"base image {baseImage}: the name has no registry host, so its layers were not looked up");
        }

        IReadOnlyList<LayerDescription> baseLayers;
        try
        {
            baseLayers = await ReadLayersAsync(baseImage.ToReference(), image, registry, cancellationToken).ConfigureAwait(false);
        }
        catch (GantryException ex)
        {
            return NotSplit($"base image {baseImage}: its layers could not be read ({ex.Message})");
        }

        var layers = image.Layers.OrderBy(l => l.Index).ToList();
        var length = BaseLayerPrefix.Length(layers, baseLayers);
        var diffIds = layers.Take(length).Select(l => l.DiffId).ToList();
        if (length == baseLayers.Count)
        {
            return new BaseLayerLookup(diffIds, null);
        }

        var mismatch = string.Create(CultureInfo.InvariantCulture,
            $"base image {baseImage}: its {baseLayers.Count} layer(s) are not the image's first layers (layer {length + 1} differs), so the annotation does not describe this image");
        return length == 0
            ? NotSplit(mismatch)
            : new BaseLayerLookup(diffIds, string.Create(CultureInfo.InvariantCulture, $"{mismatch}; only the {length} layer(s) they share count as the base image's"));
    }

    private static async Task<IReadOnlyList<LayerDescription>> ReadLayersAsync(ImageReference reference, ImageDescription image, RegistryOptions registry,
        CancellationToken cancellationToken)
    {
        // The base image of the image's own platform, when the base reference is an index.
        var platform = image.Os is { } os && image.Architecture is { } architecture
            ? new OciPlatform { Os = os, Architecture = architecture, Variant = image.Variant }
            : null;
        var source = new SourceSpec(SourceKind.Registry, reference.ToString(), "registry:" + reference);
        using var baseImage = await RegistryImageSource.OpenAsync(source, new ImageSelector(Platform: platform),
            registry with { Retry = registry.Retry with { MaxRetries = Math.Min(registry.Retry.MaxRetries, MaxRetries) } }, cancellationToken).ConfigureAwait(false);
        return baseImage.Description.Layers;
    }

    private static BaseLayerLookup NotSplit(string reason) => new([], reason);
}
