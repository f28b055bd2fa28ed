using System.Security.Cryptography;

namespace Gantry.Signing.Payload;

/// <summary>
/// ECDSA over SHA-256 of the payload bytes, as an ASN.1 DER sequence (what cosign writes and
/// <c>openssl dgst -sha256 -verify</c> reads; .NET's default IEEE P1363 form is not compatible).
/// </summary>
public static class PayloadSignature
{
    public static byte[] Sign(ECDsa key, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    public static bool Verify(ECDsa key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> derSignature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.VerifyData(payload, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
