using System.Formats.Tar;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers;

/// <summary>Streams one layer tar once, indexing every entry, buffering only requested files and running extractors over theirs.</summary>
internal static class TarLayerReader
{
    public static async Task<LayerIndex> ReadAsync(LayerStream layer, int index, string diffId, PathRequestSet requests,
        AnalysisLimits limits, BufferBudget budget, ExtractorSet extractors, CancellationToken cancellationToken)
    {
        var builder = new LayerIndexBuilder(new LayerIndex(index, diffId), requests, limits, budget, extractors);
        try
        {
            var reader = new TarReader(new TarEndPaddingStream(layer.Tar), leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    var kind = KindOf(entry.EntryType);
                    if (kind is null)
                    {
                        if (entry.EntryType is not (TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes))
                        {
                            builder.Diagnose(DiagnosticCodes.UnsupportedEntry, $"entry '{entry.Name}' of type {entry.EntryType} is not indexed", entry.Name);
                        }

                        continue;
                    }

                    var request = builder.Add(entry.Name, kind.Value, entry.Length, (int)entry.Mode, entry.Uid, entry.Gid,
                        kind is FileKind.Symlink or FileKind.HardLink ? entry.LinkName : null);
                    if (request is { } read && entry.DataStream is { } data)
                    {
                        await builder.ReadAsync(read, data, entry.Length, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await layer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ZstdSharp.ZstdException or FormatException or ArgumentException)
        {
            throw await layer.BlobMismatchAsync().ConfigureAwait(false) ?? Unreadable(ex, layer.Description);
        }

        builder.Layer.UncompressedSize = layer.UncompressedBytes;
        return builder.Layer;
    }

    private static FileKind? KindOf(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => FileKind.File,
        TarEntryType.Directory => FileKind.Directory,
        TarEntryType.SymbolicLink => FileKind.Symlink,
        TarEntryType.HardLink => FileKind.HardLink,
        TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo => FileKind.Other,
        _ => null,
    };

    /// <summary>What a layer whose reading stopped with <paramref name="ex"/> is, for the user.</summary>
    private static InvalidInputException Unreadable(Exception ex, string layer) => ex switch
    {
        EndOfStreamException => new InvalidInputException($"{layer}: layer is truncated", ex),
        InvalidDataException => new InvalidInputException($"{layer}: layer is corrupt ({FirstSentence(ex.Message)})", ex),
        ZstdSharp.ZstdException => new InvalidInputException($"{layer}: layer is corrupt zstd ({FirstSentence(ex.Message)})", ex),
        _ => new InvalidInputException($"{layer}: layer is not a valid tar ({FirstSentence(ex.Message)})", ex),
    };

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');
}
