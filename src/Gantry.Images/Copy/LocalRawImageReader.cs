using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Core;
using Gantry.Images.Blobs;
using Gantry.Images.Oci;
using Gantry.Images.Sources;

namespace Gantry.Images.Copy;

/// <summary>
/// Opens a local source (OCI layout folder or archive, docker-archive) as stored bytes for copying.
/// An OCI layout already holds manifest bytes; a <c>docker save</c> archive has none, so one is
/// built from its config and layer files, the same bytes every time for the same archive.
/// </summary>
internal static class LocalRawImageReader
{
    public static RawImage Open(SourceSpec source, ImageSelector selector)
    {
        IBlobStore store = source.Kind switch
        {
            SourceKind.OciDirectory when Directory.Exists(source.Location) => new OciLayoutDirectoryStore(source.Location, source.Original),
            SourceKind.OciDirectory => throw new InvalidInputException($"{source.Original}: folder not found"),
            SourceKind.DockerArchive or SourceKind.OciArchive when Directory.Exists(source.Location) =>
                throw new InvalidInputException($"{source.Original}: is a folder; use oci-dir:"),
            SourceKind.DockerArchive or SourceKind.OciArchive => TarArchiveStore.Open(source.Location, source.Original),
            _ => throw new InvalidInputException($"{source.Original}: cannot be copied: only images (docker-archive, oci-dir, oci-archive, registry) can"),
        };
        try
        {
            if (source.Kind != SourceKind.DockerArchive || (!store.Exists("manifest.json") && store.Exists("index.json")))
            {
                return FromLayout(store, selector);
            }

            if (!store.Exists("manifest.json"))
            {
                throw new InvalidInputException($"{store.DisplayName}: not an image archive (no manifest.json or index.json)");
            }

            return FromDockerArchive((TarArchiveStore)store, selector);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static RawImage FromLayout(IBlobStore store, ImageSelector selector)
    {
        var index = ManifestLoader.Deserialize(ManifestLoader.ReadSmallFile(store, "index.json", "index.json"),
            OciJsonContext.Default.OciIndex, $"{store.DisplayName}: index.json");
        var candidates = new List<OciLayoutReader.Candidate>();
        OciLayoutReader.Collect(store, index, names: [], depth: 0, candidates);
        if (candidates.Count == 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: the layout holds no image manifest");
        }

        var chosen = OciLayoutReader.Choose(store, candidates, selector).Descriptor;
        var bytes = ManifestLoader.ReadVerifiedBlob(store, chosen, "manifest");
        var manifest = ManifestLoader.Deserialize(bytes, OciJsonContext.Default.OciManifest, $"{store.DisplayName}: manifest {chosen.Digest}");
        if (manifest.Config is null)
        {
            throw new InvalidInputException($"{store.DisplayName}: manifest {chosen.Digest} has no config");
        }

        foreach (var blob in manifest.Layers.Append(manifest.Config))
        {
            if (!Digest.TryParse(blob.Digest, out var d) || !store.Exists(BlobPath(d)))
            {
                throw new InvalidInputException($"{store.DisplayName}: blob {blob.Digest} named by the manifest is missing");
            }
        }

        return new RawImage
        {
            DisplayName = store.DisplayName,
            ManifestBytes = bytes,
            ManifestMediaType = manifest.MediaType ?? chosen.MediaType ?? MediaTypes.OciManifest,
            Manifest = manifest,
            OpenBlob = (descriptor, _) => Task.FromResult(store.Open(BlobPath(Digest.Parse(descriptor.Digest)))),
            Owner = store,
        };
    }

    private static RawImage FromDockerArchive(TarArchiveStore store, ImageSelector selector)
    {
        var entries = ManifestLoader.Deserialize(ManifestLoader.ReadSmallFile(store, "manifest.json", "manifest.json"),
            OciJsonContext.Default.ListDockerArchiveManifestEntry, $"{store.DisplayName}: manifest.json");
        if (entries.Count == 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: manifest.json lists no image");
        }

        var entry = DockerArchiveReader.Choose(store, entries, selector);
        var configBytes = ManifestLoader.ReadSmallFile(store, entry.Config, $"config '{entry.Config}'");
        var configDigest = Digest.Sha256(configBytes);
        if (DockerArchiveReader.DigestFromName(entry.Config) is { } named && named != configDigest)
        {
            throw new InvalidInputException($"{store.DisplayName}: config {named}: digest mismatch (content hashes to {configDigest})");
        }

        var config = ManifestLoader.ParseConfig(configBytes, $"{store.DisplayName}: config '{entry.Config}'");
        if (config.RootFs!.DiffIds.Count != entry.Layers.Count)
        {
            throw new InvalidInputException($"{store.DisplayName}: manifest.json lists {entry.Layers.Count} layers but the config has {config.RootFs.DiffIds.Count} diffIDs");
        }

        var layers = new List<(OciDescriptor Descriptor, string Path)>();
        for (var i = 0; i < entry.Layers.Count; i++)
        {
            layers.Add(DescribeLayer(store, entry.Layers[i], config.RootFs.DiffIds[i]));
        }

        var oci = layers.Any(l => l.Descriptor.MediaType == MediaTypes.OciLayerZstd);
        var manifest = new OciManifest
        {
            SchemaVersion = 2,
            MediaType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest,
            Config = new OciDescriptor { MediaType = oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig, Size = configBytes.Length, Digest = configDigest.ToString() },
            Layers = layers.Select(l => oci ? l.Descriptor with { MediaType = ToOci(l.Descriptor.MediaType!) } : l.Descriptor).ToList(),
        };
        var paths = layers.DistinctBy(l => l.Descriptor.Digest, StringComparer.Ordinal).ToDictionary(l => l.Descriptor.Digest, l => l.Path, StringComparer.Ordinal);
        paths.TryAdd(configDigest.ToString(), entry.Config);
        return new RawImage
        {
            DisplayName = store.DisplayName,
            ManifestBytes = Serialize(manifest),
            ManifestMediaType = manifest.MediaType,
            Manifest = manifest,
            OpenBlob = (descriptor, _) => Task.FromResult(store.Open(paths[descriptor.Digest])),
            Owner = store,
        };
    }

    /// <summary>The layer's digest and media type: a digest-named file or an uncompressed tar (whose digest is its diffID) needs no hashing.</summary>
    private static (OciDescriptor, string) DescribeLayer(TarArchiveStore store, string path, string diffId)
    {
        var length = store.GetLength(path);
        if (length < 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: layer '{path}' named by manifest.json is missing");
        }

        var head = new byte[4];
        int filled;
        using (var stream = store.Open(path))
        {
            filled = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var mediaType = filled >= 2 && head[0] == 0x1f && head[1] == 0x8b ? MediaTypes.DockerLayerGzip
            : filled == 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd ? MediaTypes.OciLayerZstd
            : DockerLayerTar;
        var digest = DockerArchiveReader.DigestFromName(path)?.ToString()
            ?? (mediaType == DockerLayerTar ? diffId : HashFile(store, path));
        return (new OciDescriptor { MediaType = mediaType, Size = length, Digest = digest }, path);
    }

    /// <summary>Docker's media type for an uncompressed layer (what docker save stores).</summary>
    internal const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    private static string ToOci(string mediaType) => mediaType switch
    {
        MediaTypes.DockerLayerGzip => MediaTypes.OciLayerGzip,
        DockerLayerTar => MediaTypes.OciLayerTar,
        _ => mediaType,
    };

    private static string HashFile(TarArchiveStore store, string path)
    {
        using var stream = store.Open(path);
        return Digest.FromHash("sha256", SHA256.HashData(stream)).ToString();
    }

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>Compact JSON in docker's field order, so the same archive always gives the same manifest digest.</summary>
    private static byte[] Serialize(OciManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", manifest.SchemaVersion);
            json.WriteString("mediaType", manifest.MediaType);
            json.WritePropertyName("config");
            WriteDescriptor(json, manifest.Config!);
            json.WriteStartArray("layers");
            foreach (var layer in manifest.Layers)
            {
                WriteDescriptor(json, layer);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter json, OciDescriptor descriptor)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteNumber("size", descriptor.Size);
        json.WriteString("digest", descriptor.Digest);
        json.WriteEndObject();
    }
}
