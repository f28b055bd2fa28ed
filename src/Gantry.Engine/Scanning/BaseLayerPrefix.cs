using Gantry.Core;

namespace Gantry.Engine.Scanning;

/// <summary>
/// How many of an image's first layers are its base image's: the longest run of layers, from the bottom, equal to the
/// base image's layers in order. Equal blob digests settle it at once; otherwise the diffIDs decide, so a base image
/// pushed again with another compression still matches.
/// </summary>
public static class BaseLayerPrefix
{
    public static int Length(IReadOnlyList<LayerDescription> imageLayers, IReadOnlyList<LayerDescription> baseLayers)
    {
        ArgumentNullException.ThrowIfNull(imageLayers);
        ArgumentNullException.ThrowIfNull(baseLayers);
        var image = imageLayers.OrderBy(l => l.Index).ToList();
        var based = baseLayers.OrderBy(l => l.Index).ToList();
        var length = 0;
        while (length < image.Count && length < based.Count && Same(image[length], based[length]))
        {
            length++;
        }

        return length;
    }

    private static bool Same(LayerDescription layer, LayerDescription baseLayer) =>
        (layer.Digest.Length > 0 && string.Equals(layer.Digest, baseLayer.Digest, StringComparison.Ordinal))
        || string.Equals(layer.DiffId, baseLayer.DiffId, StringComparison.Ordinal);
}
