using System.Collections.Concurrent;
using Gantry.Core;
using Gantry.Images.Blobs;
using Gantry.Images.Oci;

namespace Gantry.Images;

/// <summary>One layer of an image: its blob, its diffID and the history line that created it.</summary>
public sealed record ImageLayer
{
    public required int Index { get; init; }

    /// <summary>The layer blob's descriptor; <see cref="OciDescriptor.Digest"/> may be empty for docker-archive layers.</summary>
    public required OciDescriptor Blob { get; init; }

    public required Digest DiffId { get; init; }

    public string? CreatedBy { get; init; }
}

/// <summary>Opens the raw (possibly compressed) bytes of a layer blob.</summary>
public delegate Task<Stream> LayerBlobOpener(ImageLayer layer, CancellationToken cancellationToken);

/// <summary>
/// A resolved image: manifest and config already read and verified, layers ready to be streamed.
/// Every layer stream verifies the blob digest and the diffID as it is read.
/// </summary>
public sealed class ContainerImage : IDisposable
{
    // Large reads: a hash takes them whole, and each read of a file is a system call.
    private const int VerifyBufferSize = 1 << 20;

    private readonly LayerBlobOpener _openBlob;
    private readonly IDisposable? _owner;

    public ContainerImage(ImageDescription description, ImageConfigFile config, IReadOnlyList<ImageLayer> layers,
        LayerBlobOpener openBlob, IDisposable? owner)
    {
        Description = description;
        Config = config;
        Layers = layers;
        _openBlob = openBlob;
        _owner = owner;
    }

    public ImageDescription Description { get; }

    public ImageConfigFile Config { get; }

    public IReadOnlyList<ImageLayer> Layers { get; }

    /// <summary>Opens a layer as an uncompressed tar stream that verifies both digests when read to the end.</summary>
    public async Task<LayerStream> OpenLayerAsync(ImageLayer layer, CancellationToken cancellationToken)
    {
        var what = Describe(layer);
        var raw = await _openBlob(layer, cancellationToken).ConfigureAwait(false);
        var blobCheck = Digest.TryParse(layer.Blob.Digest, out var blobDigest) && blobDigest != layer.DiffId ? new DigestCheck(blobDigest, what) : null;
        return new LayerStream(new LayerPipeline(raw, blobCheck, new DigestCheck(layer.DiffId, what + " diffID"), what, cancellationToken), what);
    }

    public void Dispose() => _owner?.Dispose();

    private string Describe(ImageLayer layer) =>
        $"{Description.Input}: layer {layer.Index + 1} ({(layer.Blob.Digest.Length > 0 ? layer.Blob.Digest : layer.DiffId.ToString())})";

    /// <summary>
    /// Reads the blobs of <paramref name="layers"/> to the end and verifies their digests without indexing them (a layer
    /// whose analysis is cached is still hashed on every scan), largest first, on up to one thread of their own per core.
    /// A blob without a digest (docker-archive) is verified against the diffID instead, through the same pipeline as a
    /// walked layer. Faults with <see cref="InvalidInputException"/> on the first mismatch, and the rest stop.
    /// </summary>
    /// <remarks>
    /// Not on the thread pool: a chain of asynchronous reads keeps its pool thread (its continuations queue locally), so
    /// on two cores two large blobs held both pool threads and the scan's other work waited for the hashes to end.
    /// </remarks>
    public async Task VerifyLayerBlobsAsync(IReadOnlyList<ImageLayer> layers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var largestFirst = layers.ToArray();
        Array.Sort(largestFirst, static (a, b) => b.Blob.Size.CompareTo(a.Blob.Size));
        var queue = new ConcurrentQueue<ImageLayer>(largestFirst);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var threads = Enumerable.Range(0, Math.Min(layers.Count, Environment.ProcessorCount)).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                while (queue.TryDequeue(out var layer))
                {
                    VerifyLayerBlob(layer, failed.Token);
                }
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }, failed.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        await Task.WhenAll(threads).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // The first failure, not the cancellations it caused in the other threads.
        var failure = threads.FirstOrDefault(t => t.IsFaulted) ?? threads.FirstOrDefault(t => t.IsCanceled);
        if (failure is not null)
        {
            await failure.ConfigureAwait(false);
        }
    }

    private void VerifyLayerBlob(ImageLayer layer, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(layer.Blob.Digest, out var blobDigest))
        {
            var tar = OpenLayerAsync(layer, cancellationToken).GetAwaiter().GetResult();
            try
            {
                tar.CompleteAsync(cancellationToken).GetAwaiter().GetResult();
            }
            finally
            {
                tar.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return;
        }

        var what = Describe(layer);
        var raw = _openBlob(layer, cancellationToken).GetAwaiter().GetResult();
        using var blobCheck = new VerifyingStream(raw, blobDigest, blobDigest == layer.DiffId ? what + " diffID" : what);
        using var buffer = new NativeBuffer(VerifyBufferSize);
        while (blobCheck.Read(buffer.Span) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}

/// <summary>The uncompressed tar of one layer, with the checks that run when it is read to the end.</summary>
public sealed class LayerStream : IAsyncDisposable
{
    private readonly LayerPipeline _pipeline;

    internal LayerStream(LayerPipeline pipeline, string what)
    {
        _pipeline = pipeline;
        Description = what;
    }

    /// <summary>Names the layer in messages: "INPUT: layer N (digest)".</summary>
    public string Description { get; }

    public Stream Tar => _pipeline.Tar;

    /// <summary>Uncompressed bytes read so far.</summary>
    public long UncompressedBytes => _pipeline.UncompressedBytes;

    /// <summary>Reads the rest of the layer and verifies the diffID and the blob digest.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => _pipeline.CompleteAsync(cancellationToken);

    /// <summary>When the tar could not be read: the blob's digest mismatch if that is why, else null.</summary>
    public Task<InvalidInputException?> BlobMismatchAsync() => _pipeline.BlobMismatchAsync();

    public ValueTask DisposeAsync() => _pipeline.DisposeAsync();
}
