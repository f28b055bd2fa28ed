using System.Buffers.Binary;
using System.Text;

namespace Gantry.Images.Layers.Cache;

/// <summary>
/// Reads a cache payload in place, in the encodings <see cref="BinaryWriter"/> wrote it with (little-endian integers, a
/// string as its 7-bit encoded UTF-8 length and bytes): no stream over the payload and no copy of it, which decoding a
/// warm scan's entries spent much of its time in. Whatever the bytes cannot hold (a count or length past the end, an
/// unknown flag, bytes after the last field) throws <see cref="InvalidDataException"/>, so a damaged entry is refused
/// instead of allocating what a corrupt count claims.
/// </summary>
public ref struct CacheReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _payload.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() switch
    {
        0 => false,
        1 => true,
        _ => throw new InvalidDataException("flag out of range"),
    };

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public string ReadString() => Encoding.UTF8.GetString(Take(Read7BitEncodedLength()));

    /// <summary>A string written by <see cref="CacheFields.WriteOptional"/>.</summary>
    public string? ReadOptional() => ReadBoolean() ? ReadString() : null;

    /// <summary>A copy of the next <paramref name="length"/> bytes.</summary>
    public byte[] ReadBytes(int length) => Take(length).ToArray();

    /// <summary>The next <paramref name="length"/> bytes, in place.</summary>
    public ReadOnlySpan<byte> ReadSpan(int length) => Take(length);

    /// <summary>A count that the remaining bytes can hold at <paramref name="minimumItemBytes"/> each.</summary>
    public int ReadCount(int minimumItemBytes = 1)
    {
        var count = ReadInt32();
        if (count < 0 || (long)count * minimumItemBytes > Remaining)
        {
            throw new InvalidDataException("count out of range");
        }

        return count;
    }

    /// <summary>Refuses a payload with bytes after its last field.</summary>
    public readonly void ReadEnd()
    {
        if (Remaining != 0)
        {
            throw new InvalidDataException("trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw new InvalidDataException("field past the end of the payload");
        }

        var field = _payload.Slice(_position, length);
        _position += length;
        return field;
    }

    /// <summary>The length prefix of <see cref="BinaryWriter.Write(string)"/>: seven bits a byte, low bits first, at most five bytes.</summary>
    private int Read7BitEncodedLength()
    {
        var value = 0;
        for (var shift = 0; shift < 28; shift += 7)
        {
            var part = ReadByte();
            value |= (part & 0x7F) << shift;
            if (part < 0x80)
            {
                return value;
            }
        }

        // The fifth byte holds the top bits of a non-negative int: three of them.
        var last = ReadByte();
        return last <= 0x07 ? value | (last << 28) : throw new InvalidDataException("string length out of range");
    }
}
