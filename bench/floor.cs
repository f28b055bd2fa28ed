#:package ZstdSharp.Port
#:property Nullable=enable
// floor.cs — the verify-and-inflate floor of issue #16: for every layer of the image's first manifest, the SHA-256 of
// the compressed blob, the decompression of the layer (gzip with .NET's zlib-ng, zstd with ZstdSharp.Port, as Gantry
// does) and the SHA-256 of the decompressed tar, both checked against the manifest's digest and the config's
// diff_ids. Nothing else: no tar parsing, no cataloging. This is the least work any scanner that verifies what it
// reads must do; bench/sbom-vs-floor.sh compares `gantry sbom` with it.
// Each layer is a three-stage pipeline on its own threads (read + hash the compressed bytes -> inflate -> hash the
// tar), and all layers run at once, so both cores are busy.
// Input: an oci-archive (tar with index.json and blobs/) or an OCI layout folder. Prints the wall time of the work
// and the process's peak RSS (VmHWM). A digest mismatch is one line on stderr and exit code 1.
// Build and run as bench/sbom-vs-floor.sh does:
//   dotnet publish bench/floor.cs -c Release -r linux-x64 -p:PublishAot=true -o out/floor
//   out/floor/floor IMAGE
using System.Buffers;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: floor OCI_ARCHIVE|OCI_LAYOUT_DIR");
    return 2;
}

var watch = Stopwatch.StartNew();
try
{
    var blobs = BlobSource.Open(args[0]);
    var index = JsonDocument.Parse(blobs.ReadSmall("index.json"));
    var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
    var manifest = JsonDocument.Parse(blobs.ReadVerified(manifestDigest, "manifest"));
    var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    var config = JsonDocument.Parse(blobs.ReadVerified(configDigest, "config"));
    var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()!).ToArray();
    var layers = manifest.RootElement.GetProperty("layers").EnumerateArray()
        .Select(l => (MediaType: l.GetProperty("mediaType").GetString()!, Digest: l.GetProperty("digest").GetString()!)).ToArray();
    if (layers.Length != diffIds.Length)
    {
        throw new FloorException($"manifest has {layers.Length} layers but the config has {diffIds.Length} diff_ids");
    }

    var results = await Task.WhenAll(layers.Select((l, i) => Task.Run(() => Layer.VerifyAsync(blobs, l.MediaType, l.Digest, diffIds[i], i))));
    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"layers: {layers.Length}, compressed: {results.Sum(r => r.Compressed) / 1048576.0:0.0} MiB, tar: {results.Sum(r => r.Tar) / 1048576.0:0.0} MiB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor wall: {seconds:0.000} s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: {PeakRssKiB() / 1024.0:0.0} MiB"));
    return 0;
}
catch (FloorException ex)
{
    Console.Error.WriteLine($"floor: {args[0]}: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or KeyNotFoundException or ZstdSharp.ZstdException)
{
    Console.Error.WriteLine($"floor: {args[0]}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
    return 1;
}

static long PeakRssKiB()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
    }

    return 0;
}

sealed class FloorException(string message) : Exception(message);

/// <summary>Where blobs live: files of an OCI layout folder, or byte ranges of an oci-archive (found with one header walk).</summary>
sealed class BlobSource
{
    private readonly string _path;
    private readonly Dictionary<string, (long Offset, long Length)>? _entries;

    private BlobSource(string path, Dictionary<string, (long, long)>? entries) => (_path, _entries) = (path, entries);

    public static BlobSource Open(string path)
    {
        if (Directory.Exists(path))
        {
            return new BlobSource(path, null);
        }

        var entries = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        using var file = File.OpenRead(path);
        using var tar = new TarReader(file);
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                entries[entry.Name.TrimStart('.', '/')] = (entry.DataOffset, entry.Length);
            }
        }

        return new BlobSource(path, entries);
    }

    public Stream OpenRead(string name)
    {
        if (_entries is null)
        {
            return new FileStream(Path.Combine(_path, name), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }

        if (!_entries.TryGetValue(name, out var range))
        {
            throw new FloorException($"{name} is not in the archive");
        }

        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        file.Position = range.Offset;
        return new Range(file, range.Length);
    }

    public byte[] ReadSmall(string name)
    {
        using var stream = OpenRead(name);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public byte[] ReadVerified(string digest, string what)
    {
        var bytes = ReadSmall(BlobName(digest));
        if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) != digest)
        {
            throw new FloorException($"{what} {digest}: digest mismatch");
        }

        return bytes;
    }

    public static string BlobName(string digest) => "blobs/" + digest.Replace(':', '/');

    /// <summary>A length-limited view of the archive file.</summary>
    private sealed class Range(Stream inner, long length) : Stream
    {
        private readonly long _length = length;
        private long _left = length;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left == 0)
            {
                return 0;
            }

            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            if (read == 0)
            {
                throw new EndOfStreamException("archive is truncated");
            }

            _left -= read;
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

static class Layer
{
    private const int Chunk = 1 << 20;

    public static async Task<(long Compressed, long Tar)> VerifyAsync(BlobSource blobs, string mediaType, string digest, string diffId, int index)
    {
        // Stage 1 (this task's thread): read the blob, hash it, hand each chunk to the inflater.
        // Stage 2: inflate into chunks for stage 3. Stage 3: hash the tar. Bounded channels keep memory at a few MiB.
        var compressed = Channel.CreateBounded<(byte[] Buffer, int Count)>(4);
        var inflated = Channel.CreateBounded<(byte[] Buffer, int Count)>(4);
        var inflate = Task.Factory.StartNew(() => Inflate(mediaType, compressed, inflated.Writer), TaskCreationOptions.LongRunning);
        var hashTar = Task.Factory.StartNew(() => Hash(inflated.Reader), TaskCreationOptions.LongRunning);

        long compressedBytes = 0;
        using (var blob = blobs.OpenRead(BlobSource.BlobName(digest)))
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            try
            {
                while (true)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
                    var read = blob.ReadAtLeast(buffer.AsSpan(0, Chunk), Chunk, throwOnEndOfStream: false);
                    if (read == 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        break;
                    }

                    sha.AppendData(buffer, 0, read);
                    compressedBytes += read;
                    // A corrupt stream stops the inflater early (it closes the channel): the blob is still hashed to
                    // the end, so a tampered blob is reported as a digest mismatch, not as whatever the inflater saw.
                    if (!await compressed.Writer.WaitToWriteAsync() || !compressed.Writer.TryWrite((buffer, read)))
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                compressed.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                compressed.Writer.TryComplete(ex);
                throw;
            }

            var actual = "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
            if (actual != digest)
            {
                throw new FloorException($"layer {index + 1} blob {digest}: digest mismatch (read {actual})");
            }
        }

        await inflate;
        var (tarDigest, tarBytes) = await hashTar;
        if (tarDigest != diffId)
        {
            throw new FloorException($"layer {index + 1} diffID {diffId}: digest mismatch of the decompressed tar (read {tarDigest})");
        }

        return (compressedBytes, tarBytes);
    }

    private static void Inflate(string mediaType, Channel<(byte[], int)> input, ChannelWriter<(byte[], int)> output)
    {
        try
        {
            using var source = new ChannelStream(input.Reader);
            using Stream tar = mediaType.EndsWith("+zstd", StringComparison.Ordinal) || mediaType.EndsWith(".zstd", StringComparison.Ordinal)
                ? new ZstdSharp.DecompressionStream(source)
                : mediaType.EndsWith("gzip", StringComparison.Ordinal) ? new GZipStream(source, CompressionMode.Decompress) : source;
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
                var read = tar.ReadAtLeast(buffer.AsSpan(0, Chunk), Chunk, throwOnEndOfStream: false);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                // Synchronous wait: this is a dedicated thread, and the bound is what keeps memory flat.
                while (!output.TryWrite((buffer, read)))
                {
                    if (!output.WaitToWriteAsync().AsTask().GetAwaiter().GetResult())
                    {
                        return;
                    }
                }
            }

            source.CopyTo(Stream.Null); // bytes after the end of the compressed stream: read so stage 1 is not blocked
            output.Complete();
        }
        catch (Exception ex)
        {
            input.Writer.TryComplete(); // no exception: stage 1 sees a closed channel and keeps hashing
            output.TryComplete(ex);
            throw;
        }
    }

    private static (string Digest, long Bytes) Hash(ChannelReader<(byte[] Buffer, int Count)> input)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        while (input.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (input.TryRead(out var chunk))
            {
                sha.AppendData(chunk.Buffer, 0, chunk.Count);
                bytes += chunk.Count;
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }

        return ("sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset()), bytes);
    }

    /// <summary>Reads the chunks of a channel as one stream (the inflater's input), returning each buffer to the pool once read.</summary>
    private sealed class ChannelStream(ChannelReader<(byte[] Buffer, int Count)> input) : Stream
    {
        private (byte[] Buffer, int Count) _current;
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_current.Buffer is null || _offset == _current.Count)
            {
                if (_current.Buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(_current.Buffer);
                    _current = default;
                }

                if (!input.TryRead(out _current))
                {
                    if (!input.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    {
                        return 0;
                    }

                    continue;
                }

                _offset = 0;
            }

            var n = Math.Min(buffer.Length, _current.Count - _offset);
            _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
