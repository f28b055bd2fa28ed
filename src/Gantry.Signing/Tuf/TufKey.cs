using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Gantry.Signing.Tuf;

/// <summary>
/// A public key as TUF metadata lists it: <c>{"keytype":T,"keyval":{"private":null,"public":B64}}</c>. Its TUF ID is
/// the SHA-256 of that object's canonical JSON; for certificates (<c>ecdsa-x509</c>, <c>rsa-x509</c>) the canonical
/// ID, which names the private key file, is the TUF ID of the plain key inside the certificate.
/// </summary>
public sealed class TufKey
{
    public const string Ecdsa = "ecdsa";
    public const string EcdsaX509 = "ecdsa-x509";
    public const string Ed25519 = "ed25519";
    public const string Rsa = "rsa";
    public const string RsaX509 = "rsa-x509";

    private string? _canonicalId;

    public TufKey(string type, byte[] publicBytes)
    {
        Type = type;
        Public = publicBytes;
        Id = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(ToJson())));
    }

    public string Type { get; }

    /// <summary>DER SubjectPublicKeyInfo (ecdsa, rsa), the 32 raw bytes (ed25519) or certificate PEM text (x509 types).</summary>
    public byte[] Public { get; }

    public string Id { get; }

    public bool IsCertificate => Type is EcdsaX509 or RsaX509;

    /// <summary>The ID private key files are named by: the TUF ID of the certificate's plain key, else <see cref="Id"/>.</summary>
    public string CanonicalId => _canonicalId ??= ComputeCanonicalId();

    public static TufKey FromEcdsa(ECDsa key) => new(Ecdsa, key.ExportSubjectPublicKeyInfo());

    public static TufKey FromCertificate(X509Certificate2 certificate) =>
        new(EcdsaX509, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"));

    public JsonObject ToJson() => new()
    {
        ["keytype"] = Type,
        ["keyval"] = new JsonObject { ["private"] = null, ["public"] = Convert.ToBase64String(Public) },
    };

    public static TufKey Parse(JsonNode? node, string where)
    {
        if (node is not JsonObject obj || obj["keyval"] is not JsonObject keyval)
        {
            throw new TufFormatException($"{where}: a key is not {{\"keytype\",\"keyval\"}}");
        }

        var type = TufJson.String(obj, "keytype", where).ToLowerInvariant();
        var text = TufJson.String(keyval, "public", where);
        try
        {
            return new TufKey(type, Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw new TufFormatException($"{where}: a key's public value is not base64");
        }
    }

    /// <summary>True when <paramref name="signature"/> by this key with <paramref name="method"/> is valid over <paramref name="data"/>.</summary>
    public bool Verifies(string method, ReadOnlySpan<byte> data, byte[] signature)
    {
        try
        {
            return (method.ToLowerInvariant(), Type) switch
            {
                ("ecdsa", Ecdsa) => VerifyEcdsa(Public, data, signature),
                ("ecdsa", EcdsaX509) => VerifyEcdsa(CertificateKeyInfo(), data, signature),
                ("eddsa", Ed25519) => Public.Length == 32 && signature.Length == 64
                    && Sodium.PublicKeyAuth.VerifyDetached(signature, data.ToArray(), Public),
                ("rsapss", Rsa) => VerifyRsa(Public, data, signature, RSASignaturePadding.Pss),
                ("rsapkcs1v15", Rsa) => VerifyRsa(Public, data, signature, RSASignaturePadding.Pkcs1),
                ("rsapss", RsaX509) => VerifyRsa(CertificateKeyInfo(), data, signature, RSASignaturePadding.Pss),
                ("rsapkcs1v15", RsaX509) => VerifyRsa(CertificateKeyInfo(), data, signature, RSASignaturePadding.Pkcs1),
                _ => false,
            };
        }
        catch (Exception ex) when (ex is CryptographicException or TufFormatException)
        {
            // An x509 key whose public value is no certificate verifies nothing, as in notary; it must not abort the read.
            return false;
        }
    }

    /// <summary>The first certificate of an x509 key's PEM bundle (the leaf, as notary requires).</summary>
    public X509Certificate2 FirstCertificate()
    {
        if (!IsCertificate)
        {
            throw new InvalidOperationException($"a {Type} key holds no certificate");
        }

        try
        {
            return X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Public));
        }
        catch (CryptographicException ex)
        {
            throw new TufFormatException($"key {Id[..8]}: not a PEM certificate ({ex.Message.TrimEnd('.')})");
        }
    }

    private string ComputeCanonicalId()
    {
        if (!IsCertificate)
        {
            return Id;
        }

        try
        {
            return new TufKey(Type == EcdsaX509 ? Ecdsa : Rsa, CertificateKeyInfo()).Id;
        }
        catch (TufFormatException)
        {
            return Id; // a certificate that cannot be read names no key file, and verifies nothing
        }
    }

    private byte[] CertificateKeyInfo()
    {
        using var certificate = FirstCertificate();
        return certificate.PublicKey.ExportSubjectPublicKeyInfo();
    }

    private static bool VerifyEcdsa(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> data, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256);
    }

    /// <summary>notary refuses RSA keys under 2048 bits; PSS uses a 32-byte salt, .NET's default for SHA-256.</summary>
    private static bool VerifyRsa(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> data, byte[] signature, RSASignaturePadding padding)
    {
        using var key = RSA.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return key.KeySize >= 2048 && key.VerifyData(data, signature, HashAlgorithmName.SHA256, padding);
    }
}
