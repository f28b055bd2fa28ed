using System.Buffers.Binary;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Gantry.Core;
using Gantry.Images.Blobs;

namespace Gantry.Images.Layers.Cache;

/// <summary>What a layer cache holds: its folder, its entries and their total size, and its bound.</summary>
public sealed record LayerCacheStatus(string Directory, int Entries, long TotalBytes, long MaxBytes);

/// <summary>
/// The per-layer analysis cache: one file per layer index under <see cref="Directory"/>, named by its key (the layer
/// blob's digest, Gantry's analyzer version and the request fingerprint, hashed). An entry is written to a temporary
/// name in the same folder and renamed over, so readers never see half an entry and two processes filling the cache at
/// once each leave a whole one. Each entry's header records its key, the diffID verified when it was made, and the
/// length and SHA-256 of its payload: a truncated or damaged entry is deleted and rebuilt, never trusted and
/// never fatal. The total size is bounded: the least recently used entries (by modification time, touched on each hit)
/// are evicted after a write.
/// </summary>
public sealed class LayerCache
{
    /// <summary>
    /// Bumped whenever what a layer index holds or how it is written changes (2: zlib payloads, result entries; 3: Go
    /// symbols as plain text; 4: uncompressed payloads).
    /// </summary>
    public const int FormatVersion = 4;

    public const long DefaultMaxBytes = 2L * 1024 * 1024 * 1024;

    internal const string EntryExtension = ".layer";

    private const int MaxPayloadBytes = int.MaxValue - 64;
    private static readonly byte[] Magic = "GNTRYLC\n"u8.ToArray();
    private readonly TimeProvider _clock;
    private long _hits;
    private long _misses;
    private long _rejected;
    private long _stored;
    private long _resultHits;
    private long _resultMisses;
    private long _resultRejected;
    private long _resultStored;

    public LayerCache(string directory, long maxBytes = DefaultMaxBytes, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Gantry's analyzer version: the format version and the informational version of this build.</summary>
    public static string AnalyzerVersion { get; } = $"{FormatVersion}/" +
        (typeof(LayerCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    public string Directory { get; }

    public long MaxBytes { get; }

    /// <summary>Entries used, their layer's blob verified (<see cref="CountHit"/>).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found no entry.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries found damaged, truncated, of another key or another diffID: deleted, the layer walked again.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Layer entries written.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Result entries (<see cref="ResultKeyFor"/>) read intact.</summary>
    public long ResultHits => Interlocked.Read(ref _resultHits);

    /// <summary>Result entries looked for and not found.</summary>
    public long ResultMisses => Interlocked.Read(ref _resultMisses);

    /// <summary>Result entries found damaged: deleted.</summary>
    public long ResultRejected => Interlocked.Read(ref _resultRejected);

    /// <summary>Result entries written.</summary>
    public long ResultStored => Interlocked.Read(ref _resultStored);

    /// <summary>
    /// Creates the folder and checks that a file can be written in it; null and the reason when it cannot
    /// (the caller scans without a cache).
    /// </summary>
    public static LayerCache? TryOpen(string directory, long maxBytes, TimeProvider? clock, out string? problem)
    {
        try
        {
            var cache = new LayerCache(directory, maxBytes, clock);
            System.IO.Directory.CreateDirectory(cache.Directory);
            var probe = Path.Combine(cache.Directory, $".probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            problem = null;
            return cache;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"the layer cache folder {directory} is not writable ({ex.Message})";
            return null;
        }
    }

    /// <summary>
    /// The key of a layer: its compressed blob digest (or, for a layer whose blob has none, its diffID), the analyzer
    /// version and the request fingerprint, hashed to 64 hex characters.
    /// </summary>
    public static string KeyFor(ImageLayer layer, LayerCacheFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var blob = Digest.TryParse(layer.Blob.Digest, out var blobDigest) ? "blob " + blobDigest : "diffid " + layer.DiffId;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        LayerCacheFingerprint.Append(hash, blob);
        LayerCacheFingerprint.Append(hash, AnalyzerVersion);
        LayerCacheFingerprint.Append(hash, fingerprint.Value);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The key of a result computed from the layers <paramref name="layers"/> (bottom first, a prefix of an image): what it
    /// is (<paramref name="kind"/>), each layer's blob digest (or diffID) in order, the analyzer version, the request
    /// fingerprint and whatever else the result depends on (<paramref name="inputs"/>), hashed to 64 hex characters.
    /// </summary>
    public static string ResultKeyFor(string kind, IEnumerable<ImageLayer> layers, LayerCacheFingerprint fingerprint, string inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(fingerprint);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        LayerCacheFingerprint.Append(hash, "result " + kind);
        foreach (var layer in layers)
        {
            LayerCacheFingerprint.Append(hash, Digest.TryParse(layer.Blob.Digest, out var blobDigest) ? "blob " + blobDigest : "diffid " + layer.DiffId);
        }

        LayerCacheFingerprint.Append(hash, AnalyzerVersion);
        LayerCacheFingerprint.Append(hash, fingerprint.Value);
        LayerCacheFingerprint.Append(hash, inputs);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Whether an entry exists for <paramref name="key"/> (it may still turn out damaged when read).</summary>
    public bool Contains(string key) => File.Exists(PathOf(key));

    /// <summary>
    /// The cached index of a layer at position <paramref name="index"/> of the image being scanned, when an intact entry
    /// for <paramref name="key"/> made from the layer with <paramref name="diffId"/> exists. A damaged one is deleted.
    /// </summary>
    public LayerIndex? TryGet(string key, string diffId, int index, AnalysisLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return TryRead(key, diffId, payload => LayerIndexSerializer.Read(payload, index, diffId, limits), ref _misses, ref _rejected);
    }

    /// <summary>
    /// The payload of the result entry <paramref name="key"/> made under <paramref name="label"/>, decoded by
    /// <paramref name="decode"/> (which throws <see cref="InvalidDataException"/> on anything malformed, as
    /// <see cref="CacheReader"/> does), or null when there is none or it is damaged (then deleted).
    /// </summary>
    public T? TryGetResult<T>(string key, string label, Func<ReadOnlySpan<byte>, T> decode)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(decode);
        var found = TryRead(key, label, decode, ref _resultMisses, ref _resultRejected);
        if (found is not null)
        {
            Interlocked.Increment(ref _resultHits);
        }

        return found;
    }

    private T? TryRead<T>(string key, string label, Func<ReadOnlySpan<byte>, T> decode, ref long misses, ref long rejected)
        where T : class
    {
        var path = PathOf(key);
        NativeBuffer file;
        try
        {
            file = ReadWhole(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not there (or evicted meanwhile), or unreadable: a miss.
            Interlocked.Increment(ref misses);
            return null;
        }

        using var _ = file;
        try
        {
            var value = decode(Payload(file.Span, key, label));
            Touch(path);
            return value;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException
            or OverflowException or DecoderFallbackException)
        {
            Interlocked.Increment(ref rejected);
            Delete(path);
            return null;
        }
    }

    /// <summary>Counts an entry <see cref="TryGet"/> returned as used, once its layer's blob was verified.</summary>
    public void CountHit() => Interlocked.Increment(ref _hits);

    /// <summary>Counts a layer that had no entry (found without reading one, see <see cref="Contains"/>).</summary>
    public void CountMiss() => Interlocked.Increment(ref _misses);

    /// <summary>Writes the entry of a fully verified layer, then evicts what is over the bound. Failures only skip the write.</summary>
    public void Store(string key, LayerIndex layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (Write(key, layer.DiffId, output => LayerIndexSerializer.Write(layer, output)))
        {
            Interlocked.Increment(ref _stored);
        }
    }

    /// <summary>Writes a result entry (<see cref="ResultKeyFor"/>) under <paramref name="label"/>, then evicts what is over the bound.</summary>
    public void StoreResult(string key, string label, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(write);
        if (Write(key, label, write))
        {
            Interlocked.Increment(ref _resultStored);
        }
    }

    private bool Write(string key, string label, Action<Stream> write)
    {
        var path = PathOf(key);
        var temporary = Path.Combine(Directory, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            if (!WriteEntry(temporary, key, label, write))
            {
                Delete(temporary);
                return false;
            }

            File.Move(temporary, path, overwrite: true);
            Touch(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Delete(temporary);
            return false;
        }

        Trim();
        return true;
    }

    public LayerCacheStatus GetStatus()
    {
        var entries = Entries();
        return new LayerCacheStatus(Directory, entries.Count, entries.Sum(e => e.Length), MaxBytes);
    }

    /// <summary>Removes every entry (and leftover temporary files); returns what was removed.</summary>
    public LayerCacheStatus Clean()
    {
        var removed = 0;
        var bytes = 0L;
        foreach (var entry in Entries())
        {
            if (Delete(entry.FullName))
            {
                removed++;
                bytes += entry.Length;
            }
        }

        foreach (var leftover in Files(".tmp-*"))
        {
            Delete(leftover.FullName);
        }

        return new LayerCacheStatus(Directory, removed, bytes, MaxBytes);
    }

    /// <summary>
    /// Evicts the least recently used entries until the total is within <see cref="MaxBytes"/>. Another process may be
    /// evicting at the same time: an entry already gone is simply skipped.
    /// </summary>
    public void Trim()
    {
        var entries = Entries();
        var total = entries.Sum(e => e.Length);
        foreach (var entry in entries.OrderBy(e => e.LastWriteTimeUtc).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            if (total <= MaxBytes)
            {
                break;
            }

            Delete(entry.FullName);
            total -= entry.Length;
        }

        var stale = _clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1);
        foreach (var leftover in Files(".tmp-*").Where(f => f.LastWriteTimeUtc < stale))
        {
            Delete(leftover.FullName);
        }
    }

    internal string PathOf(string key)
    {
        if (key.Length != 64 || !key.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("a cache key is 64 lower-case hex digits", nameof(key));
        }

        return Path.Combine(Directory, key + EntryExtension);
    }

    /// <summary>
    /// Streams the entry to <paramref name="temporary"/>: magic (8) | format version (int32) | key (string) | diffID
    /// (string) | payload length (int64) | SHA-256 of the payload (32) | payload (<see cref="LayerIndexSerializer"/> or a
    /// result's serializer). The length and the hash are filled in once the payload is written. False when the entry
    /// would be over the bound or the payload too large to read back.
    /// </summary>
    /// <remarks>
    /// The payload is not compressed (format 4): inflating it cost a warm scan more CPU than reading the larger file,
    /// and deflating it cost the first scan more than writing it (docs/performance.md, "Layer cache entries").
    /// </remarks>
    private bool WriteEntry(string temporary, string key, string label, Action<Stream> write)
    {
        using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(key);
        writer.Write(label);
        var lengthAt = file.Position;
        writer.Write(0L);
        writer.Write(new byte[32]);
        writer.Flush();
        var payloadStart = file.Position;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The serializers write field by field: buffered, the hash sees 64 KiB at a time.
        using (var buffered = new BufferedStream(new HashingStream(file, sha), 1 << 16))
        {
            write(buffered);
        }

        var hash = sha.GetHashAndReset();

        var length = file.Position;
        if (length - payloadStart > MaxPayloadBytes || length > MaxBytes)
        {
            return false;
        }

        file.Position = lengthAt;
        writer.Write(length - payloadStart);
        writer.Write(hash);
        writer.Flush();
        return true;
    }

    /// <summary>An entry file read whole, outside the GC heap (<see cref="NativeBuffer"/>: several megabytes per warm scan).</summary>
    private static NativeBuffer ReadWhole(string path)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > MaxPayloadBytes)
        {
            // Never written so (see WriteEntry): a miss, and the layer's next entry replaces it.
            throw new IOException($"{path}: larger than any cache entry");
        }

        var file = new NativeBuffer((int)length);
        try
        {
            for (var filled = 0; filled < file.Length;)
            {
                var read = RandomAccess.Read(handle, file.Span[filled..], filled);
                // Entries are renamed into place whole and never shrink: only a hand that truncated it now does that.
                filled += read > 0 ? read : throw new IOException($"{path}: truncated while read");
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The payload of an entry file, its header checked against <paramref name="key"/> and <paramref name="label"/>.</summary>
    private static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> file, string key, string label)
    {
        var header = new CacheReader(file);
        if (!header.ReadSpan(Magic.Length).SequenceEqual(Magic) || header.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("not a layer cache entry of this format");
        }

        if (header.ReadString() != key)
        {
            throw new InvalidDataException("entry of another key");
        }

        if (header.ReadString() != label)
        {
            throw new InvalidDataException("entry made from a layer of another diffID");
        }

        var payloadLength = header.ReadInt64();
        var expected = header.ReadSpan(SHA256.HashSizeInBytes);
        if (payloadLength != header.Remaining)
        {
            throw new InvalidDataException("truncated entry");
        }

        var payload = file[^header.Remaining..];
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(payload, actual);
        if (!actual.SequenceEqual(expected))
        {
            throw new InvalidDataException("payload checksum mismatch");
        }

        return payload;
    }

    private void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, _clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Evicted by another process meanwhile, or read-only: the entry was still read whole.
        }
    }

    private List<FileInfo> Entries() => Files("*" + EntryExtension);

    private List<FileInfo> Files(string pattern)
    {
        try
        {
            return new DirectoryInfo(Directory).Exists ? [.. new DirectoryInfo(Directory).EnumerateFiles(pattern).Where(f => f.Exists)] : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool Delete(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// <summary>A write-only pass-through that adds the bytes written to <paramref name="inner"/> to <paramref name="hash"/> (which it does not own).</summary>
internal sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
