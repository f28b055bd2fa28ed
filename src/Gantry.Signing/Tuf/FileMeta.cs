using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>A file's length and hashes as a parent role lists it (<c>{"hashes":{"sha256":B64},"length":L}</c>), for metadata and image tags alike.</summary>
public sealed record FileMeta(long Length, IReadOnlyDictionary<string, byte[]> Hashes, JsonNode? Custom = null)
{
    /// <summary>SHA-256 only, as docker writes tag targets and notary lists snapshot entries.</summary>
    public static FileMeta Of(byte[] content) => new(content.LongLength, new Dictionary<string, byte[]> { ["sha256"] = SHA256.HashData(content) });

    public static FileMeta ForDigest(byte[] sha256, long length) => new(length, new Dictionary<string, byte[]> { ["sha256"] = sha256 });

    public byte[]? Sha256 => Hashes.GetValueOrDefault("sha256");

    /// <summary>Why <paramref name="content"/> is not the file this meta describes, or null when its length and every known hash agree.</summary>
    public string? Mismatch(byte[] content)
    {
        if (content.LongLength != Length)
        {
            return $"{content.LongLength} bytes where {Length} were listed";
        }

        foreach (var (algorithm, expected) in Hashes)
        {
            var actual = algorithm switch
            {
                "sha256" => SHA256.HashData(content),
                "sha512" => SHA512.HashData(content),
                _ => null,
            };
            if (actual is not null && !CryptographicOperations.FixedTimeEquals(actual, expected))
            {
                return $"its {algorithm} is not the one listed";
            }
        }

        return Sha256 is null ? "no sha256 is listed" : null;
    }

    public JsonObject ToJson()
    {
        var hashes = new JsonObject();
        foreach (var (algorithm, value) in Hashes)
        {
            hashes[algorithm] = Convert.ToBase64String(value);
        }

        var json = new JsonObject { ["hashes"] = hashes, ["length"] = Length };
        if (Custom is not null)
        {
            json["custom"] = Custom.DeepClone();
        }

        return json;
    }

    public static FileMeta Parse(JsonNode? node, string where)
    {
        if (node is not JsonObject obj)
        {
            throw new TufFormatException($"{where}: not an object");
        }

        var length = TufJson.Integer(obj, "length", where);
        if (length < 0)
        {
            throw new TufFormatException($"{where}: negative length");
        }

        var hashes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (algorithm, value) in TufJson.Object(obj, "hashes", where))
        {
            try
            {
                hashes[algorithm] = Convert.FromBase64String(value?.GetValue<string>() ?? string.Empty);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                throw new TufFormatException($"{where}: hash '{algorithm}' is not base64");
            }
        }

        return new FileMeta(length, hashes, obj["custom"]?.DeepClone());
    }
}
