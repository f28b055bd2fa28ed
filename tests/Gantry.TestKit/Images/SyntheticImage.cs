using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.TestKit.Images;

public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>A layer as stored: the blob bytes, its digest and the diffID of its uncompressed tar.</summary>
public sealed record BuiltLayer(byte[] Blob, string Digest, string DiffId, string MediaType, string? CreatedBy);

/// <summary>An image as stored, which tests may tamper with before writing it out.</summary>
public sealed record BuiltImage(List<BuiltLayer> Layers, byte[] Config, byte[] Manifest, string RepoTag)
{
    public string ConfigDigest => SyntheticImage.Sha256(Config);

    public string ManifestDigest => SyntheticImage.Sha256(Manifest);
}

/// <summary>
/// Small images written by the test kit itself, for edge cases and hostile inputs: any layer
/// contents, gzip/zstd/plain, written as a docker-archive, an OCI layout folder or an OCI archive.
/// </summary>
public sealed class SyntheticImage
{
    private readonly List<LayerBuilder> _layers = [];

    public LayerCompression Compression { get; set; } = LayerCompression.Gzip;

    /// <summary>The tar format of the layers' entries (see <see cref="LayerBuilder.Format"/>).</summary>
    public TarEntryFormat EntryFormat { get; set; } = TarEntryFormat.Pax;

    public string RepoTag { get; set; } = "test/synthetic:1";

    public string? User { get; set; }

    public List<string> ExposedPorts { get; } = [];

    public List<string> Env { get; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public Dictionary<string, string> Labels { get; } = [];

    public string Architecture { get; set; } = "amd64";

    public SyntheticImage Layer(Action<LayerBuilder> build, string? createdBy = null)
    {
        var layer = new LayerBuilder { CreatedBy = createdBy ?? $"layer {_layers.Count + 1}", Format = EntryFormat };
        build(layer);
        _layers.Add(layer);
        return this;
    }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public BuiltImage Build()
    {
        var layers = _layers.Select(l =>
        {
            var tar = l.Build();
            var blob = Compress(tar, Compression);
            var mediaType = Compression switch
            {
                LayerCompression.Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
                LayerCompression.Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
                _ => "application/vnd.oci.image.layer.v1.tar",
            };
            return new BuiltLayer(blob, Sha256(blob), Sha256(tar), mediaType, l.CreatedBy);
        }).ToList();
        var config = BuildConfig(layers);
        return new BuiltImage(layers, config, BuildManifest(config, layers), RepoTag);
    }

    public byte[] BuildConfig(IReadOnlyList<BuiltLayer> layers)
    {
        var containerConfig = new JsonObject { ["Env"] = new JsonArray(Env.Select(e => (JsonNode)e!).ToArray()) };
        if (User is not null)
        {
            containerConfig["User"] = User;
        }

        if (ExposedPorts.Count > 0)
        {
            containerConfig["ExposedPorts"] = new JsonObject(ExposedPorts.Select(p => KeyValuePair.Create(p, (JsonNode?)new JsonObject())));
        }

        if (Labels.Count > 0)
        {
            containerConfig["Labels"] = new JsonObject(Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        var config = new JsonObject
        {
            ["architecture"] = Architecture,
            ["os"] = "linux",
            ["config"] = containerConfig,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layers.Select(l => (JsonNode)l.DiffId!).ToArray()) },
            ["history"] = new JsonArray(layers.Select(l => (JsonNode)new JsonObject { ["created_by"] = l.CreatedBy }).ToArray()),
        };
        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }

    public static byte[] BuildManifest(byte[] config, IReadOnlyList<BuiltLayer> layers)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = Sha256(config), ["size"] = config.Length },
            ["layers"] = new JsonArray(layers.Select(l => (JsonNode)new JsonObject { ["mediaType"] = l.MediaType, ["digest"] = l.Digest, ["size"] = l.Blob.Length }).ToArray()),
        };
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    /// <summary>An OCI image layout folder: oci-layout, index.json (with a ref name), blobs/sha256/*.</summary>
    public static void WriteOciLayout(BuiltImage image, string directory)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        foreach (var (name, bytes) in Files(image, asOci: true))
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }
    }

    /// <summary>The same layout inside a tar (oci-archive).</summary>
    public static void WriteOciArchive(BuiltImage image, string path) => WriteTar(path, Files(image, asOci: true));

    /// <summary>A <c>docker save</c>-style archive: manifest.json, HEX.json config, HEX.tar layers (uncompressed).</summary>
    public static void WriteDockerArchive(BuiltImage image, string path) => WriteTar(path, Files(image, asOci: false));

    private static IEnumerable<(string Name, byte[] Bytes)> Files(BuiltImage image, bool asOci)
    {
        if (asOci)
        {
            yield return ("oci-layout", Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}"));
            var index = new JsonObject
            {
                ["schemaVersion"] = 2,
                ["manifests"] = new JsonArray(new JsonObject
                {
                    ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                    ["digest"] = image.ManifestDigest,
                    ["size"] = image.Manifest.Length,
                    ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = image.RepoTag },
                }),
            };
            yield return ("index.json", Encoding.UTF8.GetBytes(index.ToJsonString()));
            yield return (BlobName(image.ManifestDigest), image.Manifest);
            yield return (BlobName(image.ConfigDigest), image.Config);
            foreach (var layer in image.Layers)
            {
                yield return (BlobName(layer.Digest), layer.Blob);
            }

            yield break;
        }

        var configName = image.ConfigDigest["sha256:".Length..] + ".json";
        var layerNames = image.Layers.Select(l => l.DiffId["sha256:".Length..] + ".tar").ToList();
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configName,
            ["RepoTags"] = new JsonArray(image.RepoTag),
            ["Layers"] = new JsonArray(layerNames.Select(n => (JsonNode)n!).ToArray()),
        });
        yield return ("manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        yield return (configName, image.Config);
        for (var i = 0; i < image.Layers.Count; i++)
        {
            yield return (layerNames[i], Decompress(image.Layers[i].Blob));
        }
    }

    private static string BlobName(string digest) => "blobs/sha256/" + digest["sha256:".Length..];

    private static void WriteTar(string path, IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var (name, bytes) in files)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        }
    }

    public static byte[] Compress(byte[] tar, LayerCompression compression)
    {
        switch (compression)
        {
            case LayerCompression.Gzip:
                var gz = new MemoryStream();
                using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
                {
                    z.Write(tar);
                }

                return gz.ToArray();
            case LayerCompression.Zstd:
                using (var compressor = new ZstdSharp.Compressor())
                {
                    return compressor.Wrap(tar).ToArray();
                }

            default:
                return tar;
        }
    }

    /// <summary>The uncompressed tar of a blob (docker-archive layers are stored uncompressed).</summary>
    public static byte[] Decompress(byte[] blob)
    {
        if (blob.Length >= 2 && blob[0] == 0x1f && blob[1] == 0x8b)
        {
            using var z = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress);
            var output = new MemoryStream();
            z.CopyTo(output);
            return output.ToArray();
        }

        if (blob.Length >= 4 && blob[0] == 0x28 && blob[1] == 0xb5)
        {
            using var decompressor = new ZstdSharp.Decompressor();
            return decompressor.Unwrap(blob).ToArray();
        }

        return blob;
    }

    public static JsonNode ParseJson(byte[] bytes) => JsonNode.Parse(bytes)!;

    public static byte[] ToJsonBytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(new JsonSerializerOptions()));
}
