using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>One signature of a metadata file: the signer's TUF key ID, the method and the signature bytes.</summary>
public sealed record TufSignature(string KeyId, string Method, byte[] Value);

/// <summary>An ECDSA P-256 private key and the TUF key ID its signatures carry (for a root key, the ID of its certificate).</summary>
public sealed record TufSigner(ECDsa Key, string KeyId)
{
    /// <summary>notary's <c>ecdsa</c> method: SHA-256, raw r‖s (IEEE P1363, .NET's default), not DER.</summary>
    public TufSignature Sign(byte[] canonical) => new(KeyId, "ecdsa", Key.SignData(canonical, HashAlgorithmName.SHA256));
}

/// <summary>
/// A metadata file as it travels: <c>{"signed":BODY,"signatures":[…]}</c>, with the exact bytes kept, because parents
/// hash bytes and notary-server hashes its own re-serialization, which is this form: <c>signed</c> first, canonical,
/// no whitespace.
/// </summary>
public sealed class SignedMetadata
{
    private SignedMetadata(byte[] bytes, JsonObject signed, IReadOnlyList<TufSignature> signatures)
    {
        Bytes = bytes;
        Signed = signed;
        Signatures = signatures;
    }

    public byte[] Bytes { get; }

    public JsonObject Signed { get; }

    public IReadOnlyList<TufSignature> Signatures { get; }

    public static SignedMetadata Parse(byte[] bytes, string role)
    {
        try
        {
            // JsonNode builds objects lazily and meets a duplicate key only when one is read: every read is in this try.
            var document = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            if (document is not JsonObject envelope || envelope["signed"] is not JsonObject signed)
            {
                throw new TufFormatException($"{role}: not a signed metadata file (no 'signed' object)");
            }

            RequireCanonical(signed, role);
            return new SignedMetadata(bytes, signed, ParseSignatures(envelope, role));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new TufFormatException($"{role}: not JSON ({ex.Message.Split('\n')[0].TrimEnd('.')})");
        }
    }

    /// <summary>Signs <paramref name="body"/> with every signer and lays the file out as notary-server re-serializes it.</summary>
    public static SignedMetadata Create(JsonObject body, IEnumerable<TufSigner> signers)
    {
        var canonical = CanonicalJson.Encode(body);
        if (canonical.AsSpan().IndexOfAny("<>&"u8) >= 0 || Encoding.UTF8.GetString(canonical).AsSpan().IndexOfAny('\u2028', '\u2029') >= 0)
        {
            // Go's outer encoder escapes these inside 'signed', so the server's bytes would differ from ours.
            throw new TufFormatException("metadata must not contain <, >, & or U+2028/U+2029");
        }

        var signatures = signers.Select(s => s.Sign(canonical)).ToList();
        using var output = new MemoryStream();
        output.Write("{\"signed\":"u8);
        output.Write(canonical);
        output.Write(",\"signatures\":["u8);
        for (var i = 0; i < signatures.Count; i++)
        {
            var s = signatures[i];
            output.Write(Encoding.ASCII.GetBytes($"{(i > 0 ? "," : string.Empty)}{{\"keyid\":\"{s.KeyId}\",\"method\":\"{s.Method}\",\"sig\":\"{Convert.ToBase64String(s.Value)}\"}}"));
        }

        output.Write("]}"u8);
        return new SignedMetadata(output.ToArray(), (JsonObject)body.DeepClone(), signatures);
    }

    /// <summary>A body verifiers could not re-encode (a fraction, say) is refused when read, not when verified.</summary>
    private static void RequireCanonical(JsonObject signed, string role)
    {
        try
        {
            CanonicalJson.Encode(signed);
        }
        catch (TufFormatException ex)
        {
            throw new TufFormatException($"{role}: not JSON ({ex.Message})");
        }
    }

    private static List<TufSignature> ParseSignatures(JsonObject envelope, string role)
    {
        var signatures = new List<TufSignature>();
        foreach (var node in envelope["signatures"] as JsonArray ?? [])
        {
            if (node is not JsonObject obj)
            {
                throw new TufFormatException($"{role}: a signature is not an object");
            }

            try
            {
                signatures.Add(new TufSignature(TufJson.String(obj, "keyid", role), TufJson.String(obj, "method", role),
                    Convert.FromBase64String(TufJson.String(obj, "sig", role))));
            }
            catch (FormatException)
            {
                throw new TufFormatException($"{role}: a signature is not base64");
            }
        }

        return signatures;
    }

    /// <summary>
    /// How many distinct keys of <paramref name="keys"/> made a valid signature over the canonical re-encoding of
    /// <c>signed</c> (never over the bytes as laid out, as notary's verifier does).
    /// </summary>
    public int ValidSignatureCount(IReadOnlyDictionary<string, TufKey> keys)
    {
        var canonical = CanonicalJson.Encode(Signed);
        return Signatures
            .Where(s => keys.TryGetValue(s.KeyId, out var key) && key.Verifies(s.Method, canonical, s.Value))
            .Select(s => s.KeyId)
            .Distinct(StringComparer.Ordinal)
            .Count();
    }
}
