using System.Text;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Signing.Payload;

/// <summary>
/// The Red Hat "simple signing" payload cosign signs (REFERENCE.md §4.1). <see cref="Create"/>
/// writes the bytes cosign writes: Go struct field order, map keys sorted, <c>"optional":null</c>
/// when there are no annotations.
/// </summary>
public sealed record SimpleSigningPayload(string DockerReference, Digest ManifestDigest, string Type, IReadOnlyDictionary<string, JsonElement> Optional)
{
    public const string CosignSignatureType = "cosign container image signature";

    /// <summary>The payload layer's media type in a signature manifest.</summary>
    public const string MediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    /// <summary>A payload larger than this is not a signature payload.</summary>
    private const int MaxPayloadBytes = 1024 * 1024;

    public static byte[] Create(string dockerReference, Digest manifestDigest, IReadOnlyDictionary<string, string>? annotations)
    {
        ArgumentNullException.ThrowIfNull(dockerReference);
        var json = new StringBuilder();
        json.Append("{\"critical\":{\"identity\":{\"docker-reference\":");
        GoJson.WriteString(json, dockerReference);
        json.Append("},\"image\":{\"docker-manifest-digest\":");
        GoJson.WriteString(json, manifestDigest.ToString());
        json.Append("},\"type\":");
        GoJson.WriteString(json, CosignSignatureType);
        json.Append("},\"optional\":");
        if (annotations is null || annotations.Count == 0)
        {
            json.Append("null");
        }
        else
        {
            json.Append('{');
            // Go sorts map keys by their bytes.
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                if (json[^1] != '{')
                {
                    json.Append(',');
                }

                GoJson.WriteString(json, key);
                json.Append(':');
                GoJson.WriteString(json, value);
            }

            json.Append('}');
        }

        json.Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>Reads a payload; throws <see cref="FormatException"/> naming what is missing or malformed.</summary>
    public static SimpleSigningPayload Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxPayloadBytes)
        {
            throw new FormatException($"payload is {bytes.Length} bytes, too large for a signature payload");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"payload is not JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            var critical = Member(root, "critical", JsonValueKind.Object, "critical");
            var reference = Member(Member(critical, "identity", JsonValueKind.Object, "critical.identity"), "docker-reference", JsonValueKind.String, "critical.identity.docker-reference").GetString()!;
            var digestText = Member(Member(critical, "image", JsonValueKind.Object, "critical.image"), "docker-manifest-digest", JsonValueKind.String, "critical.image.docker-manifest-digest").GetString();
            var type = Member(critical, "type", JsonValueKind.String, "critical.type").GetString()!;
            if (!Digest.TryParse(digestText, out var digest))
            {
                throw new FormatException($"critical.image.docker-manifest-digest '{digestText}' is not a digest");
            }

            var optional = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("optional", out var members) && members.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in members.EnumerateObject())
                {
                    optional[member.Name] = member.Value.Clone();
                }
            }

            return new SimpleSigningPayload(reference, digest, type, optional);
        }
    }

    private static JsonElement Member(JsonElement parent, string name, JsonValueKind kind, string path) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"payload has no {(kind == JsonValueKind.Object ? "object" : "string")} {path}");
}
