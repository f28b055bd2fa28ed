using System.Collections.Concurrent;

namespace Gantry.Cataloging.Secrets;

/// <summary>
/// Results of the secret scan of single files, by the layer holding the file and its path: what a file holds does not
/// depend on which image the layer is part of, so a host may keep them per layer (the layer cache) and hand them to the
/// next scan. <see cref="SecretCataloger.Catalog"/> uses a result found here instead of scanning the file, and adds the
/// files it scanned. Results with diagnostics (a rule that timed out) are not kept: a timeout is not a fact about the file.
/// </summary>
public sealed class SecretFileScans
{
    private readonly ConcurrentDictionary<(int Layer, string Path), SecretScanResult> _results = new();

    public bool TryGet(int layer, string path, out SecretScanResult result) => _results.TryGetValue((layer, path), out result!);

    public void Add(int layer, string path, SecretScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Diagnostics.Count == 0)
        {
            _results.TryAdd((layer, path), result);
        }
    }

    /// <summary>The files of <paramref name="layer"/> with a result, sorted by path.</summary>
    public IReadOnlyList<KeyValuePair<string, SecretScanResult>> OfLayer(int layer) =>
        [.. _results.Where(r => r.Key.Layer == layer).Select(r => KeyValuePair.Create(r.Key.Path, r.Value)).OrderBy(r => r.Key, StringComparer.Ordinal)];
}
