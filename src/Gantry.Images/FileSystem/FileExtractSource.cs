using Microsoft.Win32.SafeHandles;

namespace Gantry.Images.FileSystem;

/// <summary>
/// The bytes of one file as an <see cref="IFileExtractor"/> sees them: read by offset, a little at a time, whether the
/// file sits in pooled memory, in a temporary spill file, in a host file (<c>dir:</c>) or in the layer's stream
/// (<see cref="IsSequential"/>, offsets must then never go back). Reading past the end returns fewer bytes; the
/// <c>ReadExactlyAt</c> helpers throw <see cref="InvalidDataException"/> instead, which is bad input, so a parser that
/// trusts an offset from the file reports the file rather than crashing.
/// </summary>
public abstract class FileExtractSource
{
    private protected FileExtractSource(string path, long length)
    {
        Path = path;
        Length = length;
    }

    /// <summary>The file's path in the image (for a hard link: the path of the file that carried the bytes).</summary>
    public string Path { get; }

    public long Length { get; }

    /// <summary>True when the bytes come straight from the layer's stream: each read must start at or after the previous read's end.</summary>
    public virtual bool IsSequential => false;

    /// <summary>A source over bytes in memory (tests, small files).</summary>
    public static FileExtractSource FromMemory(string path, ReadOnlyMemory<byte> bytes) => new MemorySource(path, bytes);

    /// <summary>Copies up to <paramref name="buffer"/>'s length from <paramref name="offset"/>; fewer bytes at the end of the file.</summary>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, Length - offset);
        var total = 0;
        while (total < wanted)
        {
            var read = ReadCore(offset + total, buffer[total..wanted]);
            if (read <= 0)
            {
                throw new EndOfStreamException($"'{Path}' ends before its declared {Length} bytes");
            }

            total += read;
        }

        return total;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; <see cref="InvalidDataException"/> when the range is not inside the file.</summary>
    public void ReadExactlyAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length || buffer.Length > Length - offset)
        {
            throw new InvalidDataException($"reads {buffer.Length} bytes at offset {offset}, outside the file's {Length} bytes");
        }

        ReadAt(offset, buffer);
    }

    /// <summary>The bytes of a range, which must lie inside the file and be at most <paramref name="maxLength"/> long.</summary>
    public byte[] ReadExactlyAt(long offset, long length, int maxLength)
    {
        if (length < 0 || length > maxLength)
        {
            throw new InvalidDataException($"a {length}-byte field is over the {maxLength}-byte limit");
        }

        var bytes = new byte[length];
        ReadExactlyAt(offset, bytes);
        return bytes;
    }

    /// <summary>A read-only stream over a range of the file (for inflating a section without holding it).</summary>
    public Stream OpenRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > Length || length > Length - offset)
        {
            throw new InvalidDataException($"the range of {length} bytes at offset {offset} is outside the file's {Length} bytes");
        }

        return new RangeStream(this, offset, length);
    }

    /// <summary>Reads at least one byte at <paramref name="offset"/> (inside the file) into <paramref name="buffer"/>.</summary>
    private protected abstract int ReadCore(long offset, Span<byte> buffer);

    private sealed class MemorySource(string path, ReadOnlyMemory<byte> bytes) : FileExtractSource(path, bytes.Length)
    {
        private protected override int ReadCore(long offset, Span<byte> buffer)
        {
            var span = bytes.Span.Slice((int)offset, buffer.Length);
            span.CopyTo(buffer);
            return span.Length;
        }
    }

    private sealed class RangeStream(FileExtractSource source, long start, long length) : Blobs.ReadOnlyStream
    {
        private long _position;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            if (n <= 0)
            {
                return 0;
            }

            n = source.ReadAt(start + _position, buffer[..n]);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}

/// <summary>
/// A file held in memory as chunks of <paramref name="chunkSize"/> bytes (the last one may be shorter), each chunk at least
/// that long: pooled arrays of one size serve files of any size.
/// </summary>
internal sealed class ChunkedSource(string path, IReadOnlyList<byte[]> chunks, int chunkSize, long length) : FileExtractSource(path, length)
{
    private protected override int ReadCore(long offset, Span<byte> buffer)
    {
        var within = (int)(offset % chunkSize);
        var count = (int)Math.Min(buffer.Length, Math.Min(chunkSize - within, Length - offset));
        chunks[(int)(offset / chunkSize)].AsSpan(within, count).CopyTo(buffer);
        return count;
    }
}

/// <summary>A file read through a handle with <see cref="RandomAccess"/>: a spilled temporary file or a host file.</summary>
internal sealed class HandleSource(string path, SafeFileHandle handle, long length) : FileExtractSource(path, length)
{
    private protected override int ReadCore(long offset, Span<byte> buffer) => RandomAccess.Read(handle, buffer, offset);
}

/// <summary>
/// The layer's own stream, read forward only: skipping ahead reads and drops bytes. A read failing in the stream is the
/// layer's problem, not the file's: it is wrapped in <see cref="LayerReadException"/> for the walk to rethrow.
/// </summary>
internal sealed class SequentialSource(string path, Stream data, long length) : FileExtractSource(path, length)
{
    private long _position;

    public override bool IsSequential => true;

    private protected override int ReadCore(long offset, Span<byte> buffer)
    {
        if (offset < _position)
        {
            throw new InvalidOperationException($"a sequential extractor read '{Path}' backwards (offset {offset} after {_position})");
        }

        try
        {
            Span<byte> skip = stackalloc byte[4096];
            while (_position < offset)
            {
                var n = data.Read(skip[..(int)Math.Min(skip.Length, offset - _position)]);
                if (n <= 0)
                {
                    return 0;
                }

                _position += n;
            }

            var read = data.Read(buffer);
            _position += read;
            return read;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new LayerReadException(ex);
        }
    }
}

/// <summary>A failure of the layer's stream met while an extractor read from it.</summary>
internal sealed class LayerReadException(Exception inner) : Exception(inner.Message, inner);
