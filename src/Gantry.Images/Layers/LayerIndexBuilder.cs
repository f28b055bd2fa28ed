using System.Buffers;
using System.Runtime.ExceptionServices;
using Gantry.Core;
using Gantry.Images.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Images.Layers;

/// <summary>
/// Turns a stream of raw entries (from a tar layer or a folder) into a <see cref="LayerIndex"/>:
/// normalizes and checks paths, records whiteouts, buffers requested files within the limits, and runs the file
/// extractors over the files they read (see <see cref="IFileExtractor"/> for how their bytes are held).
/// </summary>
internal sealed class LayerIndexBuilder(LayerIndex layer, PathRequestSet requests, AnalysisLimits limits, BufferBudget budget, ExtractorSet extractors)
{
    /// <summary>The size of the pooled arrays an entry's bytes are read into for extractors (held, or on their way to a spill file).</summary>
    private const int Chunk = 1024 * 1024;
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    public LayerIndex Layer => layer;

    /// <summary>
    /// Adds one entry; returns what to do with its bytes (buffer them when the entry is a requested file that fits, give
    /// them to extractors), or null when nothing reads them.
    /// </summary>
    public EntryRequest? Add(string rawName, FileKind kind, long size, int mode, int uid, int gid, string? linkTarget)
    {
        var path = ImagePath.NormalizeEntry(rawName);
        if (path is null)
        {
            Diagnose(DiagnosticCodes.UnsafePath, $"entry '{rawName}' climbs above the image root; ignored", rawName);
            return null;
        }

        if (path == ImagePath.Root)
        {
            return null;
        }

        var name = ImagePath.FileName(path);
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            var parent = ImagePath.Parent(path);
            if (name is OpaqueMarker)
            {
                layer.OpaqueDirectories.Add(parent);
            }
            else
            {
                layer.Whiteouts.Add(ImagePath.Combine(parent, name[WhiteoutPrefix.Length..].ToString()));
            }

            return null;
        }

        if (layer.Entries.Count >= limits.MaxEntriesPerLayer)
        {
            throw new InvalidInputException($"layer {layer.DiffId}: more than {limits.MaxEntriesPerLayer} entries");
        }

        if (kind == FileKind.HardLink && linkTarget is not null)
        {
            var target = ImagePath.NormalizeEntry(linkTarget);
            if (target is null)
            {
                Diagnose(DiagnosticCodes.LinkOutsideRoot, $"hard link '{path}' points above the image root ('{linkTarget}'); ignored", path);
                return null;
            }

            linkTarget = target;
        }

        var node = new FileNode { Path = path, Kind = kind, Size = size, Mode = mode, Uid = uid, Gid = gid, LinkTarget = linkTarget, LayerIndex = layer.Index };
        if (layer.Entries.TryGetValue(path, out var previous) && previous.Kind != FileKind.Directory)
        {
            Diagnose(DiagnosticCodes.DuplicateEntry, $"'{path}' appears more than once in the layer; the last entry wins", path);
            layer.Contents.Remove(path);
            foreach (var extractor in extractors.All)
            {
                layer.Extracts.Remove(FileExtracts.Key(extractor.Name, path));
            }
        }

        layer.Entries[path] = node;
        if (kind == FileKind.HardLink)
        {
            // A hard link carries no bytes: it shares what was read from the file it links to.
            foreach (var extractor in extractors.For(path, mode))
            {
                if (FileExtracts.TryGet(layer.Extracts, extractor.Name, linkTarget!, out var facts))
                {
                    layer.Extracts[FileExtracts.Key(extractor.Name, path)] = facts;
                }
            }

            if (requests.IsRequested(path, mode) && layer.Contents.TryGetValue(linkTarget!, out var linked))
            {
                layer.Contents[path] = linked;
            }

            return null;
        }

        if (kind != FileKind.File)
        {
            return null;
        }

        var extracting = extractors.For(path, mode);
        var buffer = requests.IsRequested(path, mode) && Fits(path, size);
        return buffer || extracting.Count > 0 ? new EntryRequest(path, buffer, extracting) : null;
    }

    private bool Fits(string path, long size)
    {
        if (size > limits.MaxFileSize)
        {
            Diagnose(DiagnosticCodes.FileTooLarge, $"'{path}' is {size} bytes, over the {limits.MaxFileSize}-byte limit for files read by catalogers; not read", path);
            return false;
        }

        if (!budget.TryReserve(size))
        {
            layer.BudgetSpent = true;
            Diagnose(DiagnosticCodes.FileTooLarge, $"'{path}' not read: the scan's buffer budget of {limits.MaxBufferedBytes} bytes is spent", path);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads an entry's bytes from the layer's stream once: buffers them when requested, and gives them to the entry's
    /// extractors (from the buffer, a pooled copy, a spill file, or the stream itself; see <see cref="IFileExtractor"/>).
    /// </summary>
    public async Task ReadAsync(EntryRequest request, Stream data, long size, CancellationToken cancellationToken)
    {
        var (path, buffer, extracting) = request;
        if (buffer)
        {
            var content = new byte[size];
            await data.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            SetContent(path, content);
            RunAll(extracting, FileExtractSource.FromMemory(path, content));
            return;
        }

        if (extracting.Count == 1 && !extracting[0].NeedsRandomAccess)
        {
            // The search reads the stream synchronously: on a thread of its own, so that the layer pipeline's stages,
            // which produce what it reads, never wait for a thread-pool thread it blocks.
            await Task.Factory.StartNew(() => Run(extracting[0], new SequentialSource(path, data, size)), cancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            return;
        }

        if (size <= limits.ExtractInMemoryThreshold)
        {
            // Pooled chunks of one size rather than one array of the file's: the pool's arrays of a single size serve
            // every file, where arrays sized to the files would be one more array for each power of two met.
            var chunks = new byte[(int)((size + Chunk - 1) / Chunk)][];
            try
            {
                for (var i = 0; i < chunks.Length; i++)
                {
                    var length = (int)Math.Min(Chunk, size - ((long)i * Chunk));
                    chunks[i] = ArrayPool<byte>.Shared.Rent(length);
                    await data.ReadExactlyAsync(chunks[i].AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }

                RunAll(extracting, new ChunkedSource(path, chunks, Chunk, size));
            }
            finally
            {
                foreach (var held in chunks)
                {
                    if (held is not null)
                    {
                        ArrayPool<byte>.Shared.Return(held);
                    }
                }
            }

            return;
        }

        using var spill = OpenSpill(path, size);
        if (spill is null)
        {
            return;
        }

        var chunk = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            for (long written = 0; written < size;)
            {
                var read = await data.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - written)), cancellationToken).ConfigureAwait(false);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"'{path}' ends before its {size} bytes");
                }

                if (!TrySpill(path, size, spill, chunk.AsSpan(0, read), written))
                {
                    return;
                }

                written += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        RunAll(extracting, new HandleSource(path, spill, size));
    }

    /// <summary>A temporary file deleted on close; null (and a diagnostic naming the file) when the temporary folder refuses it.</summary>
    private SafeFileHandle? OpenSpill(string path, long size)
    {
        try
        {
            return File.OpenHandle(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gantry-extract-{Guid.NewGuid():N}.tmp"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Diagnose(DiagnosticCodes.FileTooLarge, $"'{path}' ({size} bytes) not read: no temporary file to read it from ({ex.Message})", path);
            return null;
        }
    }

    /// <summary>Writes a chunk to the spill file; false (and a diagnostic) when the disk refuses it. The rest of the entry is skipped by the tar reader.</summary>
    private bool TrySpill(string path, long size, SafeFileHandle spill, ReadOnlySpan<byte> chunk, long offset)
    {
        try
        {
            RandomAccess.Write(spill, chunk, offset);
            return true;
        }
        catch (IOException ex)
        {
            Diagnose(DiagnosticCodes.FileTooLarge, $"'{path}' ({size} bytes) not read: writing its temporary file failed ({ex.Message})", path);
            return false;
        }
    }

    /// <summary>A host file (<c>dir:</c> source): extractors read it in place.</summary>
    public void Extract(EntryRequest request, string hostPath, long size)
    {
        using var handle = File.OpenHandle(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        RunAll(request.Extractors, new HandleSource(request.Path, handle, Math.Min(size, RandomAccess.GetLength(handle))));
    }

    private void RunAll(IReadOnlyList<IFileExtractor> extracting, FileExtractSource source)
    {
        foreach (var extractor in extracting)
        {
            Run(extractor, source);
        }
    }

    private void Run(IFileExtractor extractor, FileExtractSource source)
    {
        try
        {
            if (extractor.Extract(source) is { } facts)
            {
                layer.Extracts[FileExtracts.Key(extractor.Name, source.Path)] = facts;
            }
        }
        catch (LayerReadException ex)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException!);
        }
        catch (Exception ex) when (FileErrors.IsBadInput(ex))
        {
            Diagnose(DiagnosticCodes.MalformedFile, $"'{source.Path}' cannot be read by {extractor.Name}: {ex.Message}", source.Path);
        }
    }

    public void SetContent(string path, byte[] content) => layer.Contents[path] = content;

    public void Diagnose(string code, string message, string? path) =>
        layer.Diagnostics.Add(new Diagnostic(code, message, path, layer.DiffId.Length > 0 ? layer.DiffId : null));
}

/// <summary>What the walk does with an entry's bytes: buffer them (<paramref name="Buffer"/>) and give them to extractors.</summary>
internal readonly record struct EntryRequest(string Path, bool Buffer, IReadOnlyList<IFileExtractor> Extractors);

/// <summary>The shared budget of buffered bytes across layers indexed in parallel.</summary>
internal sealed class BufferBudget(long limit)
{
    private long _used;

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= limit)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }
}
