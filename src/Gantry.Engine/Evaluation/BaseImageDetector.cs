using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// What can be told about an image's base image from the image alone. The name and digest come from the OCI
/// annotations (or labels) <c>org.opencontainers.image.base.name</c> / <c>.base.digest</c>. The base image's layers
/// are found as Trivy does: a base image ends with its <c>CMD</c> or <c>ENTRYPOINT</c>, so the layers made before
/// the last such history entry that is followed by more layers belong to it.
/// </summary>
public static class BaseImageDetector
{
    /// <summary>The facts, or null when neither a name, a digest nor base layers could be found.</summary>
    public static BaseImageFacts? Detect(ImageDescription image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reference = Annotation(image, BaseLayerSplit.BaseNameAnnotation);
        var digest = Annotation(image, BaseLayerSplit.BaseDigestAnnotation);
        var layers = BaseLayers(image);
        return reference is null && digest is null && layers.Count == 0
            ? null
            : new BaseImageFacts { Reference = reference, Digest = digest, LayerDiffIds = layers };
    }

    private static string? Annotation(ImageDescription image, string key) =>
        image.Annotations.TryGetValue(key, out var value) && value.Length > 0 ? value
        : image.Config.Labels.TryGetValue(key, out var label) && label.Length > 0 ? label
        : null;

    private static List<string> BaseLayers(ImageDescription image)
    {
        var history = image.Config.History;
        var end = -1;
        for (var i = history.Count - 1; i >= 0 && end < 0; i--)
        {
            if (IsStartCommand(history[i]) && history.Skip(i + 1).Any(h => !h.EmptyLayer))
            {
                end = i;
            }
        }

        // History entries with a layer map, in order, onto the image's layers.
        var layerCount = history.Take(Math.Max(end, 0)).Count(h => !h.EmptyLayer);
        return end < 0 || layerCount > image.Layers.Count ? [] : image.Layers.Take(layerCount).Select(l => l.DiffId).ToList();
    }

    private static bool IsStartCommand(HistoryEntry entry) =>
        entry.EmptyLayer && HistoryDockerfile.FromHistory([entry]).Instructions is [{ Keyword: "CMD" or "ENTRYPOINT" }];
}
