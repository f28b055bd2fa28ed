using System.IO.Compression;
using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>Detects gzip, zstd or plain tar by magic bytes and returns a decompressing stream.</summary>
internal static class Decompression
{
    public static async Task<Stream> OpenAsync(Stream raw, string what, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var filled = 0;
        while (filled < head.Length)
        {
            var read = await raw.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        var prefixed = new PrefixedStream(head.AsMemory(0, filled), raw);
        if (filled >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return new GZipStream(prefixed, CompressionMode.Decompress);
        }

        if (filled == 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
        {
            return new ZstdSharp.DecompressionStream(prefixed);
        }

        if (filled == 0)
        {
            throw new InvalidInputException($"{what}: layer is empty");
        }

        return prefixed;
    }
}

/// <summary>Replays bytes already read for sniffing, then continues with the inner stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.Length > 0)
        {
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefix.Length > 0)
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }

        return inner.ReadAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
