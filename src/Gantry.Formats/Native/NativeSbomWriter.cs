using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Common;
using Gantry.Formats.Secrets;

namespace Gantry.Formats.Native;

/// <summary>
/// Writes Gantry's native SBOM document (docs/sbom-json.md). Written field by field so that the
/// output is deterministic and the schema is visible in one place.
/// </summary>
public static class NativeSbomWriter
{
    public static void Write(Sbom sbom, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("schemaVersion", sbom.SchemaVersion);
        WriteSource(w, sbom.Source);
        WriteDistro(w, sbom.Distro);
        w.WriteStartArray("packages");
        foreach (var package in sbom.Packages)
        {
            WritePackage(w, package);
        }

        w.WriteEndArray();
        w.WriteStartArray("relationships");
        foreach (var r in sbom.Relationships)
        {
            w.WriteStartObject();
            w.WriteString("from", r.From);
            w.WriteString("to", r.To);
            w.WriteString("type", r.Type);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteFiles(w, sbom.Files);
        w.WriteStartArray("diagnostics");
        foreach (var d in sbom.Diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("code", d.Code);
            w.WriteString("message", d.Message);
            w.WriteIfNotNull("path", d.Path);
            w.WriteIfNotNull("layerDiffId", d.LayerDiffId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        SecretsJson.Write(w, sbom.Secrets);
        w.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter w, ImageDescription s)
    {
        w.WriteStartObject("source");
        w.WriteString("input", s.Input);
        w.WriteString("kind", s.Kind);
        w.WriteIfNotNull("manifestDigest", s.ManifestDigest);
        w.WriteIfNotNull("manifestMediaType", s.ManifestMediaType);
        w.WriteIfNotNull("configDigest", s.ConfigDigest);
        w.WriteStrings("tags", s.Tags);
        w.WriteIfNotNull("architecture", s.Architecture);
        w.WriteIfNotNull("os", s.Os);
        w.WriteIfNotNull("variant", s.Variant);
        if (s.Created is { } created)
        {
            w.WriteString("created", created);
        }

        w.WriteStartArray("layers");
        foreach (var l in s.Layers)
        {
            w.WriteStartObject();
            w.WriteNumber("index", l.Index);
            w.WriteString("digest", l.Digest);
            w.WriteString("diffId", l.DiffId);
            w.WriteNumber("size", l.Size);
            w.WriteIfNotNull("mediaType", l.MediaType);
            w.WriteIfNotNull("createdBy", l.CreatedBy);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMap(w, "annotations", s.Annotations);
        var c = s.Config;
        w.WriteStartObject("config");
        w.WriteIfNotNull("user", c.User);
        w.WriteStrings("exposedPorts", c.ExposedPorts);
        w.WriteStrings("env", c.Env);
        w.WriteStrings("entrypoint", c.Entrypoint);
        w.WriteStrings("cmd", c.Cmd);
        w.WriteIfNotNull("workingDir", c.WorkingDir);
        WriteMap(w, "labels", c.Labels);
        if (c.Healthcheck is { } healthcheck)
        {
            w.WriteStrings("healthcheck", healthcheck);
        }

        w.WriteStrings("volumes", c.Volumes);
        w.WriteIfNotNull("stopSignal", c.StopSignal);
        w.WriteStartArray("history");
        foreach (var h in c.History)
        {
            w.WriteStartObject();
            w.WriteIfNotNull("createdBy", h.CreatedBy);
            if (h.Created is { } at)
            {
                w.WriteString("created", at);
            }

            w.WriteBoolean("emptyLayer", h.EmptyLayer);
            w.WriteIfNotNull("comment", h.Comment);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDistro(Utf8JsonWriter w, Distro? d)
    {
        if (d is null)
        {
            w.WriteNull("distro");
            return;
        }

        w.WriteStartObject("distro");
        w.WriteString("id", d.Id);
        w.WriteString("versionId", d.VersionId);
        w.WriteIfNotNull("versionCodename", d.VersionCodename);
        w.WriteIfNotNull("prettyName", d.PrettyName);
        w.WriteStrings("idLike", d.IdLike);
        w.WriteIfNotNull("source", d.Source);
        w.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter w, Package p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("name", p.Name);
        w.WriteString("version", p.Version);
        w.WriteString("type", p.Type.ToWireName());
        w.WriteIfNotNull("purl", p.Purl?.ToString());
        w.WriteString("foundBy", p.FoundBy);
        w.WriteString("layerDiffId", p.LayerDiffId);
        w.WriteIfNotNull("removedByLayerDiffId", p.RemovedByLayerDiffId);
        w.WriteStartArray("locations");
        foreach (var l in p.Locations)
        {
            w.WriteStartObject();
            w.WriteString("path", l.Path);
            w.WriteString("layerDiffId", l.LayerDiffId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStrings("licenses", p.Licenses);
        w.WriteStrings("cpes", p.Cpes);
        WriteMap(w, "metadata", p.Metadata);
        w.WriteStrings("files", p.Files);
        w.WriteEndObject();
    }

    private static void WriteFiles(Utf8JsonWriter w, FileSummary f)
    {
        w.WriteStartObject("files");
        w.WriteNumber("fileCount", f.FileCount);
        w.WriteNumber("directoryCount", f.DirectoryCount);
        w.WriteNumber("symlinkCount", f.SymlinkCount);
        w.WriteNumber("totalSize", f.TotalSize);
        w.WriteStartArray("layers");
        foreach (var l in f.Layers)
        {
            w.WriteStartObject();
            w.WriteString("diffId", l.DiffId);
            w.WriteNumber("entries", l.Entries);
            w.WriteNumber("size", l.Size);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
