using Gantry.Cataloging.Secrets;
using Gantry.Images;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers.Cache;

namespace Gantry.Engine.Caching;

/// <summary>
/// The results of one image's scan kept in the layer cache besides the layer indexes (docs/cache.md):
/// <list type="bullet">
/// <item>the catalogers' run over a chain of layers (the image's first N), keyed by those layers' blob digests in order,
/// the analyzer version, the request fingerprint and the catalogers' other inputs, and kept with what the catalogers read
/// of the view. It is reused for an image whose first N layers are that chain and whose layers above change nothing they
/// read (<see cref="FileReads.IsUnchangedAbove"/>): the same files, so the same packages;</item>
/// <item>the secret scan's results per layer: a file's findings depend only on its bytes and the rules.</item>
/// </list>
/// Entries share the layer cache's format, checks and bound: a damaged one is ignored (and deleted), never fatal.
/// </summary>
internal sealed class ImageResults(LayerCache cache, IReadOnlyList<ImageLayer> layers, LayerCacheFingerprint fingerprint)
{
    private const string CatalogersKind = "catalogers";
    private const string SecretsKind = "secrets";

    /// <summary>The run kept for the longest chain of this image's lower layers that the layers above leave unchanged.</summary>
    public CatalogerRun? FindCatalogerRun(FileSystemView view, string inputs)
    {
        for (var count = layers.Count; count >= 1; count--)
        {
            var key = LayerCache.ResultKeyFor(CatalogersKind, layers.Take(count), fingerprint, inputs);
            if (!cache.Contains(key))
            {
                continue;
            }

            var entry = cache.TryGetResult(key, CatalogersKind, ResultSerializer.ReadCatalogers);
            if (entry is not null && entry.Reads.IsUnchangedAbove(view, count))
            {
                return entry.Run;
            }
        }

        return null;
    }

    /// <summary>Keeps the run over every layer of the image, unless a reader enumerated the whole view.</summary>
    public void StoreCatalogerRun(string inputs, FileReads reads, CatalogerRun run)
    {
        if (!reads.Everything)
        {
            cache.StoreResult(LayerCache.ResultKeyFor(CatalogersKind, layers, fingerprint, inputs), CatalogersKind,
                output => ResultSerializer.WriteCatalogers(output, reads, run));
        }
    }

    /// <summary>The kept secret scan results of every layer that has them, and which layers had none.</summary>
    public (SecretFileScans Known, List<int> Missing) LoadSecretScans(string rules)
    {
        var known = new SecretFileScans();
        var missing = new List<int>();
        foreach (var layer in layers)
        {
            var key = SecretsKey(layer, rules);
            var files = cache.Contains(key) ? cache.TryGetResult(key, SecretsKind, ResultSerializer.ReadSecrets) : null;
            if (files is null)
            {
                missing.Add(layer.Index);
                continue;
            }

            foreach (var (path, result) in files)
            {
                known.Add(layer.Index, path, result);
            }
        }

        return (known, missing);
    }

    /// <summary>Keeps the results of the files scanned in each of <paramref name="layerIndexes"/>.</summary>
    public void StoreSecretScans(string rules, SecretFileScans scans, IEnumerable<int> layerIndexes)
    {
        foreach (var index in layerIndexes)
        {
            var files = scans.OfLayer(index);
            cache.StoreResult(SecretsKey(layers[index], rules), SecretsKind, output => ResultSerializer.WriteSecrets(output, files));
        }
    }

    private string SecretsKey(ImageLayer layer, string rules) => LayerCache.ResultKeyFor(SecretsKind, [layer], fingerprint, rules);
}
