using System.Text;
using Gantry.Images.Layers.Cache;

namespace Gantry.Images.Tests;

/// <summary>The in-place reader of layer cache payloads, against what <see cref="BinaryWriter"/> writes, and hostile bytes.</summary>

public class CacheReaderTests
{
    [Fact]
    public void Should_Read_Back_What_A_BinaryWriter_Wrote()
    {
        var longText = new string('é', 300) + "/usr/lib/😀";
        var bytes = Written(writer =>
        {
            writer.Write(-7);
            writer.Write(long.MaxValue);
            writer.Write((byte)200);
            writer.Write(true);
            writer.Write(string.Empty);
            writer.Write(longText);
            writer.WriteOptional(null);
            writer.WriteOptional("/etc/os-release");
            writer.Write(3);
            writer.Write(new byte[] { 1, 2, 3 });
        });

        var reader = new CacheReader(bytes);
        Assert.Equal(-7, reader.ReadInt32());
        Assert.Equal(long.MaxValue, reader.ReadInt64());
        Assert.Equal(200, reader.ReadByte());
        Assert.True(reader.ReadBoolean());
        Assert.Equal(string.Empty, reader.ReadString());
        Assert.Equal(longText, reader.ReadString());
        Assert.Null(reader.ReadOptional());
        Assert.Equal("/etc/os-release", reader.ReadOptional());
        Assert.Equal([1, 2, 3], reader.ReadBytes(reader.ReadCount()));
        reader.ReadEnd();
    }

    [Fact]
    public void Should_Refuse_Every_Field_Cut_Short()
    {
        var bytes = Written(writer =>
        {
            writer.Write(1);
            writer.Write("a string of some length");
            writer.Write(2L);
        });

        for (var length = 0; length < bytes.Length; length++)
        {
            var cutAt = length;
            Assert.Throws<InvalidDataException>(() =>
            {
                var reader = new CacheReader(bytes.AsSpan(0, cutAt));
                reader.ReadInt32();
                reader.ReadString();
                reader.ReadInt64();
            });
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x08 })] // a length above int.MaxValue
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // a sixth length byte
    [InlineData(new byte[] { 0x05, (byte)'a' })] // five bytes claimed, one there
    public void Should_Refuse_Hostile_String_Lengths(byte[] bytes)
    {
        Assert.Throws<InvalidDataException>(() => new CacheReader(bytes).ReadString());
    }

    [Fact]
    public void Should_Refuse_Counts_The_Bytes_Cannot_Hold_Flags_Out_Of_Range_And_Trailing_Bytes()
    {
        Assert.Throws<InvalidDataException>(() => new CacheReader(BitConverter.GetBytes(1_000_000_000)).ReadCount(minimumItemBytes: 1));
        Assert.Throws<InvalidDataException>(() => new CacheReader(BitConverter.GetBytes(-1)).ReadCount());
        Assert.Throws<InvalidDataException>(() => new CacheReader([2]).ReadBoolean());
        Assert.Throws<InvalidDataException>(() => new CacheReader([0, 0, 0, 0, 9]).ReadBytes(-1));
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new CacheReader([1, 0, 0, 0, 9]);
            reader.ReadInt32();
            reader.ReadEnd();
        });
    }

    [Fact]
    public void Should_Decode_Invalid_Utf8_As_Replacement_Characters_Like_BinaryReader()
    {
        byte[] bytes = [3, (byte)'a', 0xC3, (byte)'b'];
        using var binary = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        Assert.Equal(binary.ReadString(), new CacheReader(bytes).ReadString());
    }

    private static byte[] Written(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }
}
