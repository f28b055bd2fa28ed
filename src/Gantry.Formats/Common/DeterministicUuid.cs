using System.Security.Cryptography;
using System.Text;

namespace Gantry.Formats.Common;

/// <summary>Name-based UUIDs (RFC 9562 version 5), so document identifiers follow from the image digest.</summary>
public static class DeterministicUuid
{
    /// <summary>The RFC 9562 URL namespace.</summary>
    private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(string name)
    {
        Span<byte> input = stackalloc byte[16];
        UrlNamespace.TryWriteBytes(input, bigEndian: true, out _);
        // RFC 9562 defines version 5 over SHA-1; this is an identifier, not a security boundary.
#pragma warning disable CA5350
        var hash = SHA1.HashData([.. input, .. Encoding.UTF8.GetBytes(name)]);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
