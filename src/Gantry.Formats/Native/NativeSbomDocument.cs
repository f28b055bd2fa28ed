using System.Text.Json.Serialization;
using Gantry.Core;
using Gantry.Formats.Common;
using Gantry.Formats.Secrets;

namespace Gantry.Formats.Native;

/// <summary>Gantry's native SBOM document (docs/sbom-json.md); <see cref="From"/> is the one mapping from the model.</summary>
internal sealed record NativeSbomDocument(
    string SchemaVersion,
    NativeSource Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DistroJson? Distro,
    IReadOnlyList<NativePackage> Packages,
    IReadOnlyList<NativeRelationship> Relationships,
    NativeFiles Files,
    IReadOnlyList<DiagnosticJson> Diagnostics,
    IReadOnlyList<SecretJson> Secrets)
{
    public static NativeSbomDocument From(Sbom sbom) => new(
        sbom.SchemaVersion,
        NativeSource.From(sbom.Source),
        sbom.Distro is null ? null : DistroJson.From(sbom.Distro),
        sbom.Packages.Select(NativePackage.From).ToList(),
        sbom.Relationships.Select(r => new NativeRelationship(r.From, r.To, r.Type)).ToList(),
        NativeFiles.From(sbom.Files),
        sbom.Diagnostics.Select(DiagnosticJson.From).ToList(),
        SecretJson.From(sbom.Secrets));
}

internal sealed record NativeSource(
    string Input,
    string Kind,
    string? ManifestDigest,
    string? ManifestMediaType,
    string? ConfigDigest,
    IReadOnlyList<string> Tags,
    string? Architecture,
    string? Os,
    string? Variant,
    DateTimeOffset? Created,
    IReadOnlyList<NativeLayer> Layers,
    SortedDictionary<string, string> Annotations,
    NativeConfig Config)
{
    public static NativeSource From(ImageDescription s) => new(
        s.Input,
        s.Kind,
        s.ManifestDigest,
        s.ManifestMediaType,
        s.ConfigDigest,
        s.Tags,
        s.Architecture,
        s.Os,
        s.Variant,
        s.Created,
        s.Layers.Select(l => new NativeLayer(l.Index, l.Digest, l.DiffId, l.Size, l.MediaType, l.CreatedBy)).ToList(),
        JsonOutput.Sorted(s.Annotations),
        NativeConfig.From(s.Config));
}

internal sealed record NativeLayer(int Index, string Digest, string DiffId, long Size, string? MediaType, string? CreatedBy);

internal sealed record NativeConfig(
    string? User,
    IReadOnlyList<string> ExposedPorts,
    IReadOnlyList<string> Env,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    string? WorkingDir,
    SortedDictionary<string, string> Labels,
    IReadOnlyList<string>? Healthcheck,
    IReadOnlyList<string> Volumes,
    string? StopSignal,
    IReadOnlyList<NativeHistoryEntry> History)
{
    public static NativeConfig From(ImageConfigSummary c) => new(
        c.User,
        c.ExposedPorts,
        c.Env,
        c.Entrypoint,
        c.Cmd,
        c.WorkingDir,
        JsonOutput.Sorted(c.Labels),
        c.Healthcheck,
        c.Volumes,
        c.StopSignal,
        c.History.Select(h => new NativeHistoryEntry(h.CreatedBy, h.Created, h.EmptyLayer, h.Comment)).ToList());
}

internal sealed record NativeHistoryEntry(string? CreatedBy, DateTimeOffset? Created, bool EmptyLayer, string? Comment);

internal sealed record NativePackage(
    string Id,
    string Name,
    string Version,
    string Type,
    string? Purl,
    string FoundBy,
    string LayerDiffId,
    string? RemovedByLayerDiffId,
    IReadOnlyList<NativeLocation> Locations,
    IReadOnlyList<string> Licenses,
    IReadOnlyList<string> Cpes,
    SortedDictionary<string, string> Metadata,
    IReadOnlyList<string> Files)
{
    public static NativePackage From(Package p) => new(
        p.Id,
        p.Name,
        p.Version,
        p.Type.ToWireName(),
        p.Purl?.ToString(),
        p.FoundBy,
        p.LayerDiffId,
        p.RemovedByLayerDiffId,
        p.Locations.Select(l => new NativeLocation(l.Path, l.LayerDiffId)).ToList(),
        p.Licenses,
        p.Cpes,
        JsonOutput.Sorted(p.Metadata),
        p.Files);
}

internal sealed record NativeLocation(string Path, string LayerDiffId);

internal sealed record NativeRelationship(string From, string To, string Type);

internal sealed record NativeFiles(long FileCount, long DirectoryCount, long SymlinkCount, long TotalSize, IReadOnlyList<NativeLayerFiles> Layers)
{
    public static NativeFiles From(FileSummary f) =>
        new(f.FileCount, f.DirectoryCount, f.SymlinkCount, f.TotalSize, f.Layers.Select(l => new NativeLayerFiles(l.DiffId, l.Entries, l.Size)).ToList());
}

internal sealed record NativeLayerFiles(string DiffId, long Entries, long Size);
