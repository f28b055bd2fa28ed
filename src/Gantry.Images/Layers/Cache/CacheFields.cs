using System.Text;

namespace Gantry.Images.Layers.Cache;

/// <summary>
/// The field encodings every cache payload shares (layer indexes, the catalogers' and the secret scan's results): an
/// optional string, and counts and ends checked against the bytes actually there, so a damaged entry is refused with
/// <see cref="InvalidDataException"/> instead of allocating what a corrupt count claims.
/// </summary>
public static class CacheFields
{
    /// <summary>A reader over a payload (<see cref="LayerCache"/> hands it over in place, inside the entry file's bytes).</summary>
    public static BinaryReader OpenReader(ArraySegment<byte> payload) =>
        new(new MemoryStream(payload.Array ?? [], payload.Offset, payload.Count, writable: false), Encoding.UTF8);

    public static void WriteOptional(this BinaryWriter writer, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadOptional(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.ReadBoolean() ? reader.ReadString() : null;
    }

    /// <summary>A count that the remaining bytes can hold at <paramref name="minimumItemBytes"/> each.</summary>
    public static int ReadCount(this BinaryReader reader, int minimumItemBytes = 1)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = reader.ReadInt32();
        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (count < 0 || (long)count * minimumItemBytes > remaining)
        {
            throw new InvalidDataException("count out of range");
        }

        return count;
    }

    /// <summary>Refuses a payload with bytes after its last field.</summary>
    public static void ReadEnd(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException("trailing bytes");
        }
    }
}
