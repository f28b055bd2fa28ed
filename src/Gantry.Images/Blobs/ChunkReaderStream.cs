using System.Buffers;
using System.Threading.Channels;

namespace Gantry.Images.Blobs;

/// <summary>A pooled buffer and how much of it is filled, handed from one pipeline stage to the next; the reader returns it to the pool.</summary>
internal readonly record struct Chunk(byte[] Buffer, int Count);

/// <summary>
/// Reads the chunks of a channel as one forward-only stream. Each chunk is shown whole to <paramref name="observe"/>
/// (a hash takes large updates, not the reader's small reads). When the channel ends, the stage that filled it is
/// awaited, so a failure of that stage is thrown here, to the reader, as it was thrown there.
/// </summary>
internal sealed class ChunkReaderStream(ChannelReader<Chunk> chunks, Task producer, Action<ReadOnlySpan<byte>>? observe = null) : ReadOnlyStream
{
    private Chunk _current;
    private int _offset;
    private bool _ended;
    private ManualResetEventSlim? _filled;

    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (_offset < _current.Count || _ended)
        {
            return CopyTo(buffer);
        }

        Wait(FillAsync(CancellationToken.None));
        return CopyTo(buffer);
    }

    /// <summary>
    /// A synchronous reader (an extractor on a thread of its own) sleeps until the chunk is there rather than spinning
    /// as a task wait does first: on two cores the spin takes time from the stages it waits for.
    /// </summary>
    private void Wait(ValueTask fill)
    {
        var pending = fill.ConfigureAwait(false).GetAwaiter();
        if (!pending.IsCompleted)
        {
            _filled ??= new ManualResetEventSlim(false, spinCount: 0);
            _filled.Reset();
            pending.UnsafeOnCompleted(_filled.Set);
            _filled.Wait();
        }

        pending.GetResult();
    }

    /// <summary>Served from the current chunk without an await (the tar reader's many small reads); waits only for the next chunk.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _offset < _current.Count || _ended ? ValueTask.FromResult(CopyTo(buffer.Span)) : FillThenReadAsync(buffer, cancellationToken);

    private async ValueTask<int> FillThenReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await FillAsync(cancellationToken).ConfigureAwait(false);
        return CopyTo(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
            _filled?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        Release();
        while (await chunks.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (chunks.TryRead(out var chunk))
            {
                _current = chunk;
                _offset = 0;
                BytesRead += chunk.Count;
                observe?.Invoke(chunk.Buffer.AsSpan(0, chunk.Count));
                return;
            }
        }

        await producer.ConfigureAwait(false);
        _ended = true;
    }

    private int CopyTo(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _current.Count - _offset);
        if (n <= 0)
        {
            return 0;
        }

        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    private void Release()
    {
        if (_current.Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_current.Buffer);
            _current = default;
            _offset = 0;
        }
    }
}
