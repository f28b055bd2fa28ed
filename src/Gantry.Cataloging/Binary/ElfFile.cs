using System.Buffers.Binary;

namespace Gantry.Cataloging.Binary;

/// <summary>One ELF section: its name, where its bytes are in the file, and its virtual address.</summary>
internal sealed record ElfSection(string Name, long Offset, long Size, ulong Address, uint Type);

/// <summary>
/// The section table of an ELF file (32/64-bit, little/big endian), read straight from the bytes.
/// Only what package detection needs: section names, file ranges and virtual addresses.
/// </summary>
internal sealed class ElfFile
{
    private const uint NoBitsType = 8; // SHT_NOBITS: occupies no file space (.bss)

    private ElfFile(bool is64Bit, bool bigEndian, IReadOnlyList<ElfSection> sections)
    {
        Is64Bit = is64Bit;
        BigEndian = bigEndian;
        Sections = sections;
    }

    public bool Is64Bit { get; }

    public bool BigEndian { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    public static bool HasElfMagic(ReadOnlySpan<byte> content) => content.Length >= 4 && content[..4].SequenceEqual("\u007fELF"u8);

    /// <summary>Null when the bytes are not ELF; throws <see cref="InvalidDataException"/> when the section table is out of bounds.</summary>
    public static ElfFile? TryRead(ReadOnlySpan<byte> content)
    {
        if (!HasElfMagic(content) || content.Length < 52)
        {
            return null;
        }

        var is64 = content[4] == 2;
        var big = content[5] == 2;
        var shoff = is64 ? (long)U64(content, 0x28, big) : U32(content, 0x20, big);
        var shentsize = U16(content, is64 ? 0x3A : 0x2E, big);
        var shnum = U16(content, is64 ? 0x3C : 0x30, big);
        var shstrndx = U16(content, is64 ? 0x3E : 0x32, big);
        if (shoff == 0 || shnum == 0)
        {
            return new ElfFile(is64, big, []);
        }

        if (shoff < 0 || shentsize < (is64 ? 64 : 40) || shoff + ((long)shnum * shentsize) > content.Length || shstrndx >= shnum)
        {
            throw new InvalidDataException("ELF section table lies outside the file");
        }

        var raw = new List<(uint NameOffset, uint Type, ulong Address, long Offset, long Size)>(shnum);
        for (var i = 0; i < shnum; i++)
        {
            var h = content.Slice((int)(shoff + ((long)i * shentsize)), shentsize);
            raw.Add(is64
                ? (U32(h, 0, big), U32(h, 4, big), U64(h, 16, big), (long)U64(h, 24, big), (long)U64(h, 32, big))
                : (U32(h, 0, big), U32(h, 4, big), U32(h, 12, big), U32(h, 16, big), U32(h, 20, big)));
        }

        var names = raw[shstrndx];
        var sections = new List<ElfSection>(shnum);
        foreach (var s in raw)
        {
            var inFile = s.Type != NoBitsType && s.Offset >= 0 && s.Size >= 0 && s.Offset + s.Size <= content.Length;
            sections.Add(new ElfSection(ReadName(content, names.Offset, names.Size, s.NameOffset), inFile ? s.Offset : 0, inFile ? s.Size : 0, s.Address, s.Type));
        }

        return new ElfFile(is64, big, sections);
    }

    public ElfSection? Section(string name) => Sections.FirstOrDefault(s => s.Name == name && s.Size > 0);

    /// <summary>The file offset of a virtual address, through the section that maps it; -1 when none does.</summary>
    public long OffsetOf(ulong address)
    {
        foreach (var s in Sections)
        {
            if (s.Size > 0 && s.Address != 0 && address >= s.Address && address < s.Address + (ulong)s.Size)
            {
                return s.Offset + (long)(address - s.Address);
            }
        }

        return -1;
    }

    private static string ReadName(ReadOnlySpan<byte> content, long tableOffset, long tableSize, uint nameOffset)
    {
        if (nameOffset >= tableSize || tableOffset + tableSize > content.Length)
        {
            return string.Empty;
        }

        var table = content.Slice((int)tableOffset, (int)tableSize)[(int)nameOffset..];
        var end = table.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end >= 0 ? table[..end] : table);
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    private static ulong U64(ReadOnlySpan<byte> b, int at, bool big) => big ? BinaryPrimitives.ReadUInt64BigEndian(b[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}
