using System.Text.Json;
using Gantry.Core;

namespace Gantry.Formats.Readers;

/// <summary>Reads Gantry's native document (docs/sbom-json.md) back, field for field.</summary>
internal static class NativeSbomReader
{
    public static bool Accepts(JsonElement root) =>
        root.Str("schemaVersion") is not null && root.Obj("source") is not null && root.TryGetProperty("packages", out _);

    public static Sbom Read(JsonElement root, string input)
    {
        var source = root.Obj("source") ?? default;
        return new Sbom
        {
            SchemaVersion = root.Str("schemaVersion")!,
            Source = ReadSource(source, input),
            Distro = root.Obj("distro") is { } d && d.Str("id") is { } id
                ? new Distro { Id = id, VersionId = d.Str("versionId") ?? string.Empty, VersionCodename = d.Str("versionCodename"), PrettyName = d.Str("prettyName"), IdLike = d.Strings("idLike"), Source = d.Str("source") }
                : null,
            Packages = root.Array("packages").Select(ReadPackage).OfType<Package>().ToList(),
            Relationships = root.Array("relationships")
                .Where(r => r.Str("from") is not null && r.Str("to") is not null && r.Str("type") is not null)
                .Select(r => new Relationship(r.Str("from")!, r.Str("to")!, r.Str("type")!)).ToList(),
            Files = ReadFiles(root.Obj("files") ?? default),
            Diagnostics = root.Array("diagnostics")
                .Where(x => x.Str("code") is not null)
                .Select(x => new Diagnostic(x.Str("code")!, x.Str("message") ?? string.Empty, x.Str("path"), x.Str("layerDiffId"))).ToList(),
            Secrets = Secrets.SecretsJson.Read(root),
        };
    }

    private static ImageDescription ReadSource(JsonElement s, string input)
    {
        var config = s.Obj("config") ?? default;
        return new ImageDescription
        {
            Input = input,
            Kind = "sbom",
            ManifestDigest = s.Str("manifestDigest"),
            ManifestMediaType = s.Str("manifestMediaType"),
            ConfigDigest = s.Str("configDigest"),
            Tags = s.Strings("tags"),
            Architecture = s.Str("architecture"),
            Os = s.Str("os"),
            Variant = s.Str("variant"),
            Created = s.Date("created"),
            Layers = s.Array("layers").Select(l => new LayerDescription
            {
                Index = (int)l.Long("index"),
                Digest = l.Str("digest") ?? string.Empty,
                DiffId = l.Str("diffId") ?? string.Empty,
                Size = l.Long("size"),
                MediaType = l.Str("mediaType"),
                CreatedBy = l.Str("createdBy"),
            }).ToList(),
            Annotations = s.Map("annotations"),
            Config = new ImageConfigSummary
            {
                User = config.Str("user"),
                ExposedPorts = config.Strings("exposedPorts"),
                Env = config.Strings("env"),
                Entrypoint = config.Strings("entrypoint"),
                Cmd = config.Strings("cmd"),
                WorkingDir = config.Str("workingDir"),
                Labels = config.Map("labels"),
                Healthcheck = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("healthcheck", out _) ? config.Strings("healthcheck") : null,
                Volumes = config.Strings("volumes"),
                StopSignal = config.Str("stopSignal"),
                History = config.Array("history").Select(h => new HistoryEntry(h.Str("createdBy"), h.Date("created"), h.Bool("emptyLayer"), h.Str("comment"))).ToList(),
            },
        };
    }

    private static Package? ReadPackage(JsonElement p)
    {
        if (p.Str("name") is not { } name || p.Str("type") is not { } type)
        {
            return null;
        }

        return new Package
        {
            Name = name,
            Version = p.Str("version") ?? string.Empty,
            Type = PackageTypeNames.FromWireName(type),
            Purl = Purl.TryParse(p.Str("purl"), out var purl) ? purl : null,
            FoundBy = p.Str("foundBy") ?? string.Empty,
            LayerDiffId = p.Str("layerDiffId") ?? string.Empty,
            RemovedByLayerDiffId = p.Str("removedByLayerDiffId"),
            Locations = p.Array("locations").Where(l => l.Str("path") is not null).Select(l => new Location(l.Str("path")!, l.Str("layerDiffId") ?? string.Empty)).ToList(),
            Licenses = p.Strings("licenses"),
            Cpes = p.Strings("cpes"),
            Files = p.Strings("files"),
            Metadata = p.Map("metadata"),
        };
    }

    private static FileSummary ReadFiles(JsonElement f) => new()
    {
        FileCount = f.Long("fileCount"),
        DirectoryCount = f.Long("directoryCount"),
        SymlinkCount = f.Long("symlinkCount"),
        TotalSize = f.Long("totalSize"),
        Layers = f.Array("layers").Select(l => new LayerFileSummary(l.Str("diffId") ?? string.Empty, l.Long("entries"), l.Long("size"))).ToList(),
    };
}
