using System.Buffers;
using System.Threading.Channels;
using Gantry.Core;

namespace Gantry.Images.Blobs;

/// <summary>
/// One layer blob turned into its verified tar in three stages that run at once, so a layer's hashing and
/// inflating do not wait on its tar walk: (1) read the blob in large chunks and hash it; (2) decompress it into
/// large chunks; (3) the reader of <see cref="Tar"/>, which hashes the tar (the diffID) chunk by chunk as it
/// takes them. Bounded channels between the stages keep memory to a few MiB whatever the layer's size.
/// A blob whose digest does not match is reported as such even when its damage first shows as a corrupt
/// stream: the first stage hashes to the end of the blob whatever happens downstream.
/// </summary>
internal sealed class LayerPipeline : IAsyncDisposable
{
    private const int BlobChunkSize = 256 * 1024;
    private const int TarChunkSize = 512 * 1024;
    private const int ChunksInFlight = 4;

    private readonly Channel<Chunk> _compressed = NewChannel();
    private readonly Channel<Chunk> _tar = NewChannel();
    private readonly CancellationTokenSource _stop;
    private readonly DigestCheck? _blobCheck;
    private readonly DigestCheck _diffIdCheck;
    private readonly string _what;
    private readonly Task _readBlob;
    private readonly Task _inflate;
    private readonly ChunkReaderStream _tarStream;

    public LayerPipeline(Stream blob, DigestCheck? blobCheck, DigestCheck diffIdCheck, string what, CancellationToken cancellationToken)
    {
        _blobCheck = blobCheck;
        _diffIdCheck = diffIdCheck;
        _what = what;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _readBlob = Task.Run(() => ReadBlobAsync(blob, _stop.Token), CancellationToken.None);
        _inflate = Task.Run(() => InflateAsync(_stop.Token), CancellationToken.None);
        _tarStream = new ChunkReaderStream(_tar.Reader, _inflate, diffIdCheck.Append);
    }

    /// <summary>The uncompressed tar; read it to the end with <see cref="CompleteAsync"/> for the digests to be checked.</summary>
    public Stream Tar => _tarStream;

    public long UncompressedBytes => _tarStream.BytesRead;

    /// <summary>Reads the rest of the tar and verifies the diffID, then the blob digest.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _tarStream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        _diffIdCheck.Verify();
        await _readBlob.ConfigureAwait(false);
    }

    /// <summary>
    /// After the tar could not be read: stops the later stages, lets the first hash the rest of the blob, and
    /// returns its digest mismatch (the better explanation of a garbled tar), or null when the blob is intact.
    /// </summary>
    public Task<InvalidInputException?> BlobMismatchAsync()
    {
        _tar.Writer.TryComplete();
        _compressed.Writer.TryComplete();
        return BlobVerdictAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _compressed.Writer.TryComplete();
        _tar.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_readBlob, _inflate).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported to the reader, or the reader stopped early: a stage's end is of no further interest.
        }

        ReturnAll(_compressed.Reader);
        ReturnAll(_tar.Reader);
        await _tarStream.DisposeAsync().ConfigureAwait(false);
        _blobCheck?.Dispose();
        _diffIdCheck.Dispose();
        _stop.Dispose();
    }

    /// <summary>Stage 1. Once the inflater has stopped taking chunks, the rest is still hashed (and dropped) when there is a digest to check.</summary>
    private async Task ReadBlobAsync(Stream blob, CancellationToken cancellationToken)
    {
        try
        {
            await using (blob.ConfigureAwait(false))
            {
                var delivering = true;
                while (true)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(BlobChunkSize);
                    var read = await blob.ReadAtLeastAsync(buffer.AsMemory(0, BlobChunkSize), BlobChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    _blobCheck?.Append(buffer.AsSpan(0, read));
                    delivering = read > 0 && delivering && await TryWriteAsync(_compressed.Writer, new Chunk(buffer, read), cancellationToken).ConfigureAwait(false);
                    if (!delivering)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    if (read == 0 || (!delivering && _blobCheck is null))
                    {
                        break;
                    }
                }
            }

            _blobCheck?.Verify();
        }
        finally
        {
            _compressed.Writer.TryComplete();
        }
    }

    /// <summary>Stage 2. On a corrupt stream it waits for stage 1's verdict: a digest mismatch explains the damage better.</summary>
    private async Task InflateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var compressed = new ChunkReaderStream(_compressed.Reader, _readBlob);
            var tar = await Decompression.OpenAsync(compressed, _what, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                while (true)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(TarChunkSize);
                    var read = await tar.ReadAtLeastAsync(buffer.AsMemory(0, TarChunkSize), TarChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    if (read == 0 || !await TryWriteAsync(_tar.Writer, new Chunk(buffer, read), cancellationToken).ConfigureAwait(false))
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        break;
                    }
                }

                // Bytes after the end of the compressed data are read too, so stage 1 reaches the end of the blob.
                await compressed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            _tar.Writer.TryComplete();
        }
        catch (Exception ex) when (ex is not InvalidInputException and not OperationCanceledException)
        {
            _compressed.Writer.TryComplete();
            if (await BlobVerdictAsync().ConfigureAwait(false) is { } mismatch)
            {
                throw mismatch;
            }

            throw;
        }
        finally
        {
            _tar.Writer.TryComplete();
        }
    }

    private async Task<InvalidInputException?> BlobVerdictAsync()
    {
        try
        {
            await _readBlob.ConfigureAwait(false);
            return null;
        }
        catch (InvalidInputException mismatch)
        {
            return mismatch;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async ValueTask<bool> TryWriteAsync(ChannelWriter<Chunk> writer, Chunk chunk, CancellationToken cancellationToken)
    {
        while (await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            if (writer.TryWrite(chunk))
            {
                return true;
            }
        }

        return false;
    }

    private static Channel<Chunk> NewChannel() =>
        Channel.CreateBounded<Chunk>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });

    private static void ReturnAll(ChannelReader<Chunk> reader)
    {
        while (reader.TryRead(out var chunk))
        {
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }
}
