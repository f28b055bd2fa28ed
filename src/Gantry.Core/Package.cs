namespace Gantry.Core;

/// <summary>
/// One package found in an image. Metadata holds the ecosystem's own fields under stable camelCase
/// keys (for dpkg: <c>sourceName</c>, <c>sourceVersion</c>, <c>architecture</c>, <c>maintainer</c>,
/// <c>installedSize</c>; for apk: <c>origin</c>, <c>architecture</c>).
/// </summary>
public sealed class Package
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required PackageType Type { get; init; }

    /// <summary>The package URL; null only where the ecosystem gives no way to build one.</summary>
    public Purl? Purl { get; init; }

    /// <summary>The cataloger that found it (for example <c>dpkg-db-cataloger</c>).</summary>
    public required string FoundBy { get; init; }

    /// <summary>The layer that introduced the package at its current version; empty for <c>dir:</c> sources.</summary>
    public string LayerDiffId { get; init; } = string.Empty;

    /// <summary>Where the package's record was read (its database file, manifest or archive).</summary>
    public IReadOnlyList<Location> Locations { get; init; } = [];

    public IReadOnlyList<string> Licenses { get; init; } = [];

    public IReadOnlyList<string> Cpes { get; init; } = [];

    /// <summary>Files the package owns, as its package manager records them.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For <c>--scope all-layers</c>: the layer that took the package out of the image (deleted or replaced it). Null
    /// for a package present in the final image.
    /// </summary>
    public string? RemovedByLayerDiffId { get; init; }

    public bool IsRemoved => RemovedByLayerDiffId is not null;

    /// <summary>A stable identity within one SBOM: type, name, version and the first location.</summary>
    public string Id => $"{Type.ToWireName()}:{Name}@{Version}:{(Locations.Count > 0 ? Locations[0].Path : string.Empty)}";

    /// <summary>This package as found in a lower layer and taken out by <paramref name="layerDiffId"/>.</summary>
    public Package RemovedBy(string layerDiffId) => new()
    {
        Name = Name,
        Version = Version,
        Type = Type,
        Purl = Purl,
        FoundBy = FoundBy,
        LayerDiffId = LayerDiffId,
        Locations = Locations,
        Licenses = Licenses,
        Cpes = Cpes,
        Files = Files,
        Metadata = Metadata,
        RemovedByLayerDiffId = layerDiffId,
    };

    public string? GetMetadata(string key) => Metadata.TryGetValue(key, out var value) ? value : null;
}
