using System.Globalization;
using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Images.Oci;
using Gantry.Signing.Payload;

namespace Gantry.Signing.Cosign;

/// <summary>
/// cosign's legacy signature object (REFERENCE.md §4.1): an OCI manifest tagged
/// <c>sha256-&lt;hex&gt;.sig</c> with one simple-signing layer per signature, the base64 signature
/// in the layer's <c>dev.cosignproject.cosign/signature</c> annotation. The bytes follow what cosign
/// (go-containerregistry) writes: field order, sorted annotation keys, and a config whose
/// <c>diff_ids</c> are the layer digests with one empty history entry per layer.
/// </summary>
public sealed class SignatureManifest
{
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    private const string ZeroTime = "0001-01-01T00:00:00Z";

    private readonly Dictionary<Digest, byte[]> _newBlobs;

    private SignatureManifest(IReadOnlyList<OciDescriptor> layers, Dictionary<Digest, byte[]> newBlobs)
    {
        Layers = layers;
        _newBlobs = newBlobs;
        ConfigBytes = BuildConfig(layers);
        ManifestBytes = BuildManifest(layers, ConfigBytes);
    }

    /// <summary>One descriptor per signature, in signing order.</summary>
    public IReadOnlyList<OciDescriptor> Layers { get; }

    public byte[] ConfigBytes { get; }

    public byte[] ManifestBytes { get; }

    public static string MediaType => MediaTypes.OciManifest;

    public Digest ManifestDigest => Digest.Sha256(ManifestBytes);

    /// <summary>The blobs a push must upload: the config and the payloads added since the manifest was read.</summary>
    public IReadOnlyDictionary<Digest, byte[]> Blobs
    {
        get
        {
            var blobs = new Dictionary<Digest, byte[]>(_newBlobs) { [Digest.Sha256(ConfigBytes)] = ConfigBytes };
            return blobs;
        }
    }

    public static SignatureManifest Empty { get; } = new([], []);

    /// <summary>The tag cosign stores the signatures of <paramref name="imageDigest"/> under: <c>sha256-&lt;hex&gt;.sig</c>.</summary>
    public static string TagFor(Digest imageDigest) => $"{imageDigest.Algorithm}-{imageDigest.Hex}.sig";

    /// <summary>Reads a stored signature manifest; its layers are kept as they are, other fields are rebuilt on the next append.</summary>
    public static SignatureManifest Parse(byte[] manifest, string what)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        OciManifest parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(manifest, SigningJsonContext.Default.OciManifest)
                ?? throw new InvalidInputException($"{what}: manifest is JSON null");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{what}: not a JSON image manifest ({ex.Message})", ex);
        }

        return new SignatureManifest(parsed.Layers, []);
    }

    /// <summary>A manifest with one more layer: <paramref name="payload"/> signed by <paramref name="signature"/> (DER).</summary>
    public SignatureManifest Append(byte[] payload, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(signature);
        var digest = Digest.Sha256(payload);
        var layer = new OciDescriptor
        {
            MediaType = SimpleSigningPayload.MediaType,
            Size = payload.Length,
            Digest = digest.ToString(),
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [SignatureAnnotation] = Convert.ToBase64String(signature) },
        };
        var blobs = new Dictionary<Digest, byte[]>(_newBlobs) { [digest] = payload };
        return new SignatureManifest([.. Layers, layer], blobs);
    }

    private static byte[] BuildConfig(IReadOnlyList<OciDescriptor> layers)
    {
        var json = new StringBuilder();
        json.Append("{\"architecture\":\"\",\"created\":\"").Append(ZeroTime).Append("\",\"history\":[");
        json.AppendJoin(',', layers.Select(_ => $"{{\"created\":\"{ZeroTime}\"}}"));
        json.Append("],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        for (var i = 0; i < layers.Count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",");
            GoJson.WriteString(json, layers[i].Digest);
        }

        json.Append("]},\"config\":{}}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static byte[] BuildManifest(IReadOnlyList<OciDescriptor> layers, byte[] config)
    {
        var json = new StringBuilder();
        json.Append("{\"schemaVersion\":2,\"mediaType\":\"").Append(MediaTypes.OciManifest).Append("\",\"config\":");
        WriteDescriptor(json, new OciDescriptor { MediaType = MediaTypes.OciConfig, Size = config.Length, Digest = Digest.Sha256(config).ToString() });
        json.Append(",\"layers\":[");
        for (var i = 0; i < layers.Count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",");
            WriteDescriptor(json, layers[i]);
        }

        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>go-containerregistry's descriptor order: mediaType, size, digest, annotations (keys sorted).</summary>
    private static void WriteDescriptor(StringBuilder json, OciDescriptor descriptor)
    {
        json.Append("{\"mediaType\":");
        GoJson.WriteString(json, descriptor.MediaType ?? string.Empty);
        json.Append(",\"size\":").Append(descriptor.Size.ToString(CultureInfo.InvariantCulture)).Append(",\"digest\":");
        GoJson.WriteString(json, descriptor.Digest);
        if (descriptor.Annotations is { Count: > 0 } annotations)
        {
            json.Append(",\"annotations\":{");
            var first = true;
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                json.Append(first ? string.Empty : ",");
                first = false;
                GoJson.WriteString(json, key);
                json.Append(':');
                GoJson.WriteString(json, value);
            }

            json.Append('}');
        }

        json.Append('}');
    }
}
