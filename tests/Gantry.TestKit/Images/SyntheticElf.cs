using System.Buffers.Binary;
using System.Text;

namespace Gantry.TestKit.Images;

/// <summary>
/// Writes small ELF64 little-endian executables with chosen sections (the layout the Go and Rust linkers produce: the
/// header, the sections' bytes, then the section name table and the section header table at the end), optionally
/// padded by any number of zero bytes before the tables, streamed so that a 300 MB one costs no memory.
/// </summary>
public static class SyntheticElf
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const ulong BaseAddress = 0x400000;

    // cmd/go's sentinels around the module text (runtime/debug.modinfo).
    private static readonly byte[] ModInfoStart = Convert.FromHexString("3077af0c9274080241e1c107e6d618e6");
    private static readonly byte[] ModInfoEnd = Convert.FromHexString("f932433186182072008242104116d8f2");

    /// <summary>A <c>.go.buildinfo</c> section as Go ≥ 1.18 writes it: the 32-byte header, then the version and the module text inline.</summary>
    public static byte[] GoBuildInfo(string goVersion, string modules)
    {
        using var section = new MemoryStream();
        section.Write([0xFF, .. " Go buildinf:"u8, 8, 2]);
        section.Write(new byte[16]);
        WriteVarBytes(section, Encoding.UTF8.GetBytes(goVersion));
        WriteVarBytes(section, [.. ModInfoStart, .. Encoding.UTF8.GetBytes(modules), .. ModInfoEnd]);
        return section.ToArray();
    }

    public static byte[] Build(IReadOnlyList<(string Name, byte[] Data)> sections, long padding = 0)
    {
        using var output = new MemoryStream();
        Write(output, sections, padding);
        return output.ToArray();
    }

    /// <summary>Writes the executable; the zero <paramref name="padding"/> goes after the sections' bytes, before the tables.</summary>
    public static void Write(Stream output, IReadOnlyList<(string Name, byte[] Data)> sections, long padding = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sections);
        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<int>();
        foreach (var name in sections.Select(s => s.Name).Append(".shstrtab"))
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.ASCII.GetBytes(name));
            names.WriteByte(0);
        }

        var offsets = new List<long>();
        long at = HeaderSize;
        foreach (var (_, data) in sections)
        {
            offsets.Add(at);
            at += data.Length;
        }

        var namesOffset = at + padding;
        var tableOffset = namesOffset + names.Length;
        var count = sections.Count + 2;

        var header = new byte[HeaderSize];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2; // 64-bit
        header[5] = 1; // little endian
        header[6] = 1; // version
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x10), 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x12), 0x3E); // x86-64
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0x14), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(0x28), (ulong)tableOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x34), HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x3A), SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x3C), (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0x3E), (ushort)(count - 1));
        output.Write(header);
        foreach (var (_, data) in sections)
        {
            output.Write(data);
        }

        var zeros = new byte[1024 * 1024];
        for (var left = padding; left > 0; left -= zeros.Length)
        {
            output.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        }

        output.Write(names.ToArray());
        output.Write(new byte[SectionHeaderSize]); // the null section
        for (var i = 0; i < sections.Count; i++)
        {
            output.Write(SectionHeader(nameOffsets[i], 1, BaseAddress + (ulong)offsets[i], offsets[i], sections[i].Data.Length));
        }

        output.Write(SectionHeader(nameOffsets[^1], 3, 0, namesOffset, names.Length));
    }

    private static byte[] SectionHeader(int name, uint type, ulong address, long offset, long size)
    {
        var header = new byte[SectionHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)name);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), type);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), address);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), (ulong)size);
        return header;
    }

    private static void WriteVarBytes(Stream output, byte[] bytes)
    {
        for (var length = (ulong)bytes.Length; ; length >>= 7)
        {
            if (length < 0x80)
            {
                output.WriteByte((byte)length);
                break;
            }

            output.WriteByte((byte)(length | 0x80));
        }

        output.Write(bytes);
    }
}
