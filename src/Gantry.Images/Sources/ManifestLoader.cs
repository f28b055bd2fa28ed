using System.Text.Json;
using Gantry.Core;
using Gantry.Images.Blobs;
using Gantry.Images.Oci;

namespace Gantry.Images.Sources;

/// <summary>Reads and verifies manifests, indexes and configs from a blob store, and builds the image model.</summary>
internal static class ManifestLoader
{
    /// <summary>Manifests and configs are small; anything bigger is hostile.</summary>
    private const long MaxMetadataBlob = 8 * 1024 * 1024;

    public static byte[] ReadVerifiedBlob(IBlobStore store, OciDescriptor descriptor, string what)
    {
        if (!Digest.TryParse(descriptor.Digest, out var digest))
        {
            throw new InvalidInputException($"{store.DisplayName}: {what} has an invalid digest '{descriptor.Digest}'");
        }

        var path = $"blobs/{digest.Algorithm}/{digest.Hex}";
        var bytes = ReadSmallFile(store, path, $"{what} {digest}");
        var actual = digest.Algorithm == "sha512"
            ? Digest.FromHash("sha512", System.Security.Cryptography.SHA512.HashData(bytes))
            : Digest.Sha256(bytes);
        if (actual != digest)
        {
            throw new InvalidInputException($"{store.DisplayName}: {what} {digest}: digest mismatch (content hashes to {actual})");
        }

        return bytes;
    }

    public static byte[] ReadSmallFile(IBlobStore store, string path, string what)
    {
        var length = store.GetLength(path);
        if (length < 0)
        {
            throw new InvalidInputException($"{store.DisplayName}: {what} is missing (no '{path}' in the image)");
        }

        if (length > MaxMetadataBlob)
        {
            throw new InvalidInputException($"{store.DisplayName}: {what} is {length} bytes, too large for image metadata");
        }

        using var stream = store.Open(path);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static T Deserialize<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new InvalidInputException($"{what}: empty JSON document");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{what}: invalid JSON ({ex.Message.Split('.')[0]})", ex);
        }
    }

    public static ImageConfigFile ParseConfig(byte[] json, string what)
    {
        var config = Deserialize(json, OciJsonContext.Default.ImageConfigFile, what);
        if (config.RootFs is null)
        {
            throw new InvalidInputException($"{what}: not an image config (no rootfs.diff_ids)");
        }

        return config;
    }

    /// <summary>Pairs the layer blobs with diffIDs and the non-empty history entries, and describes the image.</summary>
    public static (ImageDescription Description, IReadOnlyList<ImageLayer> Layers) Describe(
        SourceSpec source, IReadOnlyList<OciDescriptor> layerBlobs, ImageConfigFile config,
        string? manifestDigest, string? manifestMediaType, string? configDigest, IReadOnlyList<string> tags,
        IReadOnlyDictionary<string, string>? annotations)
    {
        var diffIds = config.RootFs!.DiffIds;
        if (diffIds.Count != layerBlobs.Count)
        {
            throw new InvalidInputException($"{source.Original}: the manifest lists {layerBlobs.Count} layers but the config has {diffIds.Count} diffIDs");
        }

        var history = (config.History ?? []).Where(h => !h.EmptyLayer).ToList();
        var layers = new List<ImageLayer>(layerBlobs.Count);
        for (var i = 0; i < layerBlobs.Count; i++)
        {
            if (!Digest.TryParse(diffIds[i], out var diffId))
            {
                throw new InvalidInputException($"{source.Original}: config diffID {i + 1} '{diffIds[i]}' is not a valid digest");
            }

            layers.Add(new ImageLayer
            {
                Index = i,
                Blob = layerBlobs[i],
                DiffId = diffId,
                CreatedBy = i < history.Count && history.Count == layerBlobs.Count ? history[i].CreatedBy : null,
            });
        }

        var c = config.Config;
        var description = new ImageDescription
        {
            Input = source.Original,
            Kind = SourceSpec.KindName(source.Kind),
            ManifestDigest = manifestDigest,
            ManifestMediaType = manifestMediaType,
            ConfigDigest = configDigest,
            Tags = tags,
            Architecture = config.Architecture,
            Os = config.Os,
            Variant = config.Variant,
            Created = config.Created,
            Annotations = annotations ?? new Dictionary<string, string>(),
            Layers = layers.Select(l => new LayerDescription
            {
                Index = l.Index,
                Digest = l.Blob.Digest.Length > 0 ? l.Blob.Digest : l.DiffId.ToString(),
                DiffId = l.DiffId.ToString(),
                Size = l.Blob.Size,
                MediaType = l.Blob.MediaType,
                CreatedBy = l.CreatedBy,
            }).ToList(),
            Config = new ImageConfigSummary
            {
                User = c?.User,
                ExposedPorts = c?.ExposedPorts?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
                Env = c?.Env ?? [],
                Entrypoint = c?.Entrypoint ?? [],
                Cmd = c?.Cmd ?? [],
                WorkingDir = c?.WorkingDir,
                Labels = c?.Labels ?? new Dictionary<string, string>(),
                Healthcheck = c?.Healthcheck?.Test,
                Volumes = c?.Volumes?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
                StopSignal = c?.StopSignal,
                History = (config.History ?? []).Select(h => new HistoryEntry(h.CreatedBy, h.Created, h.EmptyLayer, h.Comment)).ToList(),
            },
        };
        return (description, layers);
    }
}
