using System.Security.Cryptography;
using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>
/// Hashes everything read through it and, on reaching the end, compares the hash with the expected
/// digest. A mismatch is fatal: it throws <see cref="InvalidInputException"/> naming the blob.
/// Callers must read to the end (<see cref="DrainAsync"/>) for the check to run.
/// </summary>
internal sealed class VerifyingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly string _what;
    private readonly IncrementalHash _hash;
    private bool _verified;

    public VerifyingStream(Stream inner, Digest expected, string what)
    {
        _inner = inner;
        _expected = expected;
        _what = what;
        _hash = IncrementalHash.CreateHash(expected.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
    }

    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    /// <summary>Reads what is left so the digest is checked.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            BytesRead += data.Length;
            return;
        }

        if (_verified)
        {
            return;
        }

        _verified = true;
        var actual = Digest.FromHash(_expected.Algorithm, _hash.GetHashAndReset());
        if (actual != _expected)
        {
            throw new InvalidInputException($"{_what}: digest mismatch: expected {_expected}, content hashes to {actual}");
        }
    }
}
