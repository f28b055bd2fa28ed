using System.Security.Cryptography;
using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>
/// The running hash of a blob or a layer tar and the digest it must end at. <see cref="Verify"/> throws
/// <see cref="InvalidInputException"/> naming the blob on a mismatch; a blob is never trusted by its name.
/// </summary>
internal sealed class DigestCheck(Digest expected, string what) : IDisposable
{
    private readonly IncrementalHash _hash =
        IncrementalHash.CreateHash(expected.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    public long Bytes { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        Bytes += data.Length;
    }

    public void Verify()
    {
        var actual = Digest.FromHash(expected.Algorithm, _hash.GetHashAndReset());
        if (actual != expected)
        {
            throw new InvalidInputException($"{what}: digest mismatch: expected {expected}, content hashes to {actual}");
        }
    }

    public void Dispose() => _hash.Dispose();
}
