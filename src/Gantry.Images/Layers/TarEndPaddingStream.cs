using Gantry.Images.Blobs;

namespace Gantry.Images.Layers;

/// <summary>
/// Completes a layer tar whose writer stopped right after the last entry's data, without the block
/// padding and end-of-archive marker (umoci writes such layers; docker and containerd accept them).
/// After the inner stream ends it yields zeros up to the next 512-byte boundary, then two zero
/// blocks. This cannot hide real damage: the diffID is verified over the inner bytes only.
/// </summary>
internal sealed class TarEndPaddingStream(Stream inner) : ReadOnlyStream
{
    private const int BlockSize = 512;

    private long _innerBytes;
    private long _paddingLeft = -1;

    public override int Read(Span<byte> buffer) =>
        _paddingLeft < 0 ? Observe(inner.Read(buffer), buffer) : Pad(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_paddingLeft >= 0)
        {
            return ValueTask.FromResult(Pad(buffer.Span));
        }

        var read = inner.ReadAsync(buffer, cancellationToken);
        return read.IsCompletedSuccessfully ? ValueTask.FromResult(Observe(read.Result, buffer.Span)) : ObserveAsync(read, buffer);
    }

    private async ValueTask<int> ObserveAsync(ValueTask<int> read, Memory<byte> buffer) =>
        Observe(await read.ConfigureAwait(false), buffer.Span);

    private int Observe(int read, Span<byte> buffer)
    {
        if (read > 0)
        {
            _innerBytes += read;
            return read;
        }

        var partial = _innerBytes % BlockSize;
        _paddingLeft = (partial == 0 ? 0 : BlockSize - partial) + (2 * BlockSize);
        return Pad(buffer);
    }

    private int Pad(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, _paddingLeft);
        buffer[..n].Clear();
        _paddingLeft -= n;
        return n;
    }
}
