using Gantry.Core;
using Gantry.Engine.Scanning;
using Gantry.Images.Registry;
using Gantry.Policy.Dockerfile;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// What can be told about an image's base image. The name and digest come from the OCI annotations (or labels)
/// <c>org.opencontainers.image.base.name</c> / <c>.base.digest</c> (<see cref="BaseImageName"/>). The base image's
/// layers are, when the annotations name it in a registry, the ones <c>gantry scan</c> finds there
/// (<see cref="BaseImageLayers"/>); otherwise they are guessed from the image alone as Trivy does: a base image ends
/// with its <c>CMD</c> or <c>ENTRYPOINT</c>, so the layers made before the last such history entry that is followed
/// by more layers belong to it.
/// </summary>
public static class BaseImageDetector
{
    /// <summary>The facts from the image alone, or null when neither a name, a digest nor base layers could be found.</summary>
    public static BaseImageFacts? Detect(ImageDescription image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var named = BaseImageName.Of(image);
        var layers = BaseLayers(image);
        return named is null && layers.Count == 0
            ? null
            : new BaseImageFacts { Reference = named?.Name, Digest = named?.Digest, LayerDiffIds = layers };
    }

    /// <summary>
    /// The facts with the base image's layers looked up in its registry when the annotations name it there, and a
    /// note when that lookup gave nothing or less than it should (the history guess then stands).
    /// </summary>
    public static async Task<(BaseImageFacts? Facts, IReadOnlyList<string> Notes)> DetectAsync(ImageDescription image, RegistryOptions registry,
        CancellationToken cancellationToken)
    {
        var facts = Detect(image);
        if (facts is null || BaseImageName.Of(image) is not { } named)
        {
            return (facts, []);
        }

        var found = await BaseImageLayers.FindAsync(named, image, registry, cancellationToken).ConfigureAwait(false);
        var layers = found.DiffIds.Count > 0 ? found.DiffIds : facts.LayerDiffIds;
        return (facts with { LayerDiffIds = layers }, found.Warning is null ? [] : [found.Warning]);
    }

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
