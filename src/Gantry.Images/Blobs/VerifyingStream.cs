using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>
/// Hashes everything read through it and, on reaching the end, compares the hash with the expected
/// digest. A mismatch is fatal: it throws <see cref="InvalidInputException"/> naming the blob.
/// Callers must read to the end for the check to run.
/// </summary>
internal sealed class VerifyingStream(Stream inner, Digest expected, string what) : ReadOnlyStream
{
    private readonly DigestCheck _check = new(expected, what);
    private bool _verified;

    public long BytesRead => _check.Bytes;

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _check.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _check.Append(data);
        }
        else if (!_verified)
        {
            _verified = true;
            _check.Verify();
        }
    }
}
