using Gantry.Images.FileSystem;

namespace Gantry.Cataloging;

/// <summary>
/// Finds the layer that introduced each package at its current version by replaying every layer's
/// copy of a package database: a package keeps the layer where its entry first appeared at the
/// version it still has; an upgrade or a removal and re-install moves it to the later layer.
/// </summary>
internal static class LayerAttribution
{
    public static Dictionary<string, string> Compute(IReadOnlyList<LayerFileVersion> versions,
        Func<ReadOnlyMemory<byte>, IEnumerable<(string Key, string Version)>> readEntries)
    {
        var current = new Dictionary<string, (string Version, string DiffId)>(StringComparer.Ordinal);
        foreach (var layerVersion in versions)
        {
            var next = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            foreach (var (key, version) in readEntries(layerVersion.Content))
            {
                next[key] = current.TryGetValue(key, out var seen) && seen.Version == version
                    ? seen
                    : (version, layerVersion.DiffId);
            }

            current = next;
        }

        return current.ToDictionary(e => e.Key, e => e.Value.DiffId, StringComparer.Ordinal);
    }

    /// <summary>Attribution for package databases split into one file per package (distroless status.d).</summary>
    public static string LayerOfFile(IReadOnlyList<LayerFileVersion> versions, string version,
        Func<ReadOnlyMemory<byte>, string?> readVersion)
    {
        var layer = versions.Count > 0 ? versions[^1].DiffId : string.Empty;
        for (var i = versions.Count - 1; i >= 0 && readVersion(versions[i].Content) == version; i--)
        {
            layer = versions[i].DiffId;
        }

        return layer;
    }
}
