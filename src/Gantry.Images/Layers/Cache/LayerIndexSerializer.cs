using System.Text;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers.Cache;

/// <summary>
/// Writes a <see cref="LayerIndex"/> as bytes in a deterministic order (every collection sorted by ordinal key, the
/// diagnostics in their order) and reads it back, refusing counts and lengths the remaining bytes cannot hold. The
/// layer position is not stored: <see cref="Read"/> takes the position the layer has in the image being scanned.
/// </summary>
internal static class LayerIndexSerializer
{
    public static void Write(LayerIndex layer, Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(layer.UncompressedSize);
        writer.Write(layer.Entries.Count);
        foreach (var node in layer.Entries.Values.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            writer.Write(node.Path);
            writer.Write((byte)node.Kind);
            writer.Write(node.Size);
            writer.Write(node.Mode);
            writer.Write(node.Uid);
            writer.Write(node.Gid);
            writer.WriteOptional(node.LinkTarget);
        }

        WriteStrings(writer, layer.Whiteouts);
        WriteStrings(writer, layer.OpaqueDirectories);
        WriteBytesMap(writer, layer.Contents);
        WriteBytesMap(writer, layer.Extracts);
        writer.Write(layer.Diagnostics.Count);
        foreach (var diagnostic in layer.Diagnostics)
        {
            writer.Write(diagnostic.Code);
            writer.Write(diagnostic.Message);
            writer.WriteOptional(diagnostic.Path);
            writer.WriteOptional(diagnostic.LayerDiffId);
        }
    }

    /// <summary>Reads a layer written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> on anything malformed.</summary>
    public static LayerIndex Read(ReadOnlySpan<byte> payload, int index, string diffId, AnalysisLimits limits)
    {
        var reader = new CacheReader(payload);
        var layer = new LayerIndex(index, diffId) { UncompressedSize = NonNegative(reader.ReadInt64()) };
        var entries = reader.ReadCount(minimumItemBytes: 22);
        if (entries > limits.MaxEntriesPerLayer)
        {
            throw new InvalidDataException("too many entries");
        }

        layer.Entries.EnsureCapacity(entries);

        for (var i = 0; i < entries; i++)
        {
            var path = reader.ReadString();
            var kind = reader.ReadByte();
            if (kind > (byte)FileKind.Other)
            {
                throw new InvalidDataException("unknown entry kind");
            }

            var node = new FileNode
            {
                Path = path,
                Kind = (FileKind)kind,
                Size = NonNegative(reader.ReadInt64()),
                Mode = reader.ReadInt32(),
                Uid = reader.ReadInt32(),
                Gid = reader.ReadInt32(),
                LinkTarget = reader.ReadOptional(),
                LayerIndex = index,
            };
            if (!layer.Entries.TryAdd(path, node))
            {
                throw new InvalidDataException("duplicate entry");
            }
        }

        ReadStrings(ref reader, layer.Whiteouts);
        ReadStrings(ref reader, layer.OpaqueDirectories);
        ReadBytesMap(ref reader, layer.Contents);
        ReadBytesMap(ref reader, layer.Extracts);
        var diagnostics = reader.ReadCount(minimumItemBytes: 4);
        for (var i = 0; i < diagnostics; i++)
        {
            layer.Diagnostics.Add(new Diagnostic(reader.ReadString(), reader.ReadString(), reader.ReadOptional(), reader.ReadOptional()));
        }

        reader.ReadEnd();

        return layer;
    }

    private static void WriteStrings(BinaryWriter writer, HashSet<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values.Order(StringComparer.Ordinal))
        {
            writer.Write(value);
        }
    }

    private static void ReadStrings(ref CacheReader reader, HashSet<string> into)
    {
        var count = reader.ReadCount(minimumItemBytes: 1);
        for (var i = 0; i < count; i++)
        {
            into.Add(reader.ReadString());
        }
    }

    private static void WriteBytesMap(BinaryWriter writer, Dictionary<string, byte[]> values)
    {
        writer.Write(values.Count);
        foreach (var (key, bytes) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static void ReadBytesMap(ref CacheReader reader, Dictionary<string, byte[]> into)
    {
        var count = reader.ReadCount(minimumItemBytes: 5);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            into[key] = reader.ReadBytes(reader.ReadInt32());
        }
    }

    private static long NonNegative(long value) => value >= 0 ? value : throw new InvalidDataException("negative size");
}
