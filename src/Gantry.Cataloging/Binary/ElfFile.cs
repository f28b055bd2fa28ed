using System.Buffers.Binary;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Binary;

/// <summary>One ELF section: its name, where its bytes are in the file, and its virtual address.</summary>
internal sealed record ElfSection(string Name, long Offset, long Size, ulong Address, uint Type);

/// <summary>
/// The section table of an ELF file (32/64-bit, little/big endian), read by offset from a <see cref="FileExtractSource"/>
/// (the file is never held whole). Only what package detection needs: section names, file ranges and virtual addresses.
/// </summary>
internal sealed class ElfFile
{
    private const uint NoBitsType = 8; // SHT_NOBITS: occupies no file space (.bss)
    private const int MaxNameLength = 256;

    private ElfFile(bool is64Bit, bool bigEndian, IReadOnlyList<ElfSection> sections)
    {
        Is64Bit = is64Bit;
        BigEndian = bigEndian;
        Sections = sections;
    }

    public bool Is64Bit { get; }

    public bool BigEndian { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    public static bool HasElfMagic(ReadOnlySpan<byte> content) => content.StartsWith(Magic.Span);

    /// <summary>The first four bytes of every ELF file.</summary>
    public static ReadOnlyMemory<byte> Magic { get; } = "\u007fELF"u8.ToArray();

    /// <summary>True when the file starts with the ELF magic.</summary>
    public static bool HasElfMagic(FileExtractSource source)
    {
        Span<byte> magic = stackalloc byte[4];
        return source.ReadAt(0, magic) == 4 && HasElfMagic(magic);
    }

    /// <summary>
    /// Reads the header, then each section header (a few bytes at a time, whatever the file's size), then each name
    /// from the name table. Null when the file is not ELF; <see cref="InvalidDataException"/> when the table is out of bounds.
    /// </summary>
    public static ElfFile? TryRead(FileExtractSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> header = stackalloc byte[64];
        var headerLength = source.ReadAt(0, header);
        if (headerLength < 52 || !HasElfMagic(header))
        {
            return null;
        }

        var is64 = header[4] == 2;
        var big = header[5] == 2;
        if (is64 && headerLength < 64)
        {
            throw new InvalidDataException("ELF header is truncated");
        }

        var shoff = is64 ? (long)U64(header, 0x28, big) : U32(header, 0x20, big);
        var shentsize = U16(header, is64 ? 0x3A : 0x2E, big);
        var shnum = U16(header, is64 ? 0x3C : 0x30, big);
        var shstrndx = U16(header, is64 ? 0x3E : 0x32, big);
        if (shoff == 0 || shnum == 0)
        {
            return new ElfFile(is64, big, []);
        }

        if (shoff < 0 || shentsize < (is64 ? 64 : 40) || shoff > source.Length || (long)shnum * shentsize > source.Length - shoff || shstrndx >= shnum)
        {
            throw new InvalidDataException("ELF section table lies outside the file");
        }

        var raw = new List<(uint NameOffset, uint Type, ulong Address, long Offset, long Size)>(shnum);
        Span<byte> h = stackalloc byte[64];
        for (var i = 0; i < shnum; i++)
        {
            var entry = h[..(is64 ? 64 : 40)];
            source.ReadExactlyAt(shoff + ((long)i * shentsize), entry);
            raw.Add(is64
                ? (U32(entry, 0, big), U32(entry, 4, big), U64(entry, 16, big), (long)U64(entry, 24, big), (long)U64(entry, 32, big))
                : (U32(entry, 0, big), U32(entry, 4, big), U32(entry, 12, big), U32(entry, 16, big), U32(entry, 20, big)));
        }

        var names = raw[shstrndx];
        var sections = new List<ElfSection>(shnum);
        foreach (var s in raw)
        {
            var inFile = s.Type != NoBitsType && s.Offset >= 0 && s.Size >= 0 && s.Offset <= source.Length && s.Size <= source.Length - s.Offset;
            sections.Add(new ElfSection(ReadName(source, names.Offset, names.Size, s.NameOffset), inFile ? s.Offset : 0, inFile ? s.Size : 0, s.Address, s.Type));
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

    /// <summary>A section name: NUL-terminated in the name table, read in small pieces (names are short; a longer one is cut).</summary>
    private static string ReadName(FileExtractSource source, long tableOffset, long tableSize, uint nameOffset)
    {
        if (nameOffset >= tableSize || tableOffset < 0 || tableSize < 0 || tableOffset > source.Length || tableSize > source.Length - tableOffset)
        {
            return string.Empty;
        }

        Span<byte> buffer = stackalloc byte[MaxNameLength];
        var name = buffer[..source.ReadAt(tableOffset + nameOffset, buffer[..(int)Math.Min(MaxNameLength, tableSize - nameOffset)])];
        var end = name.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end >= 0 ? name[..end] : name);
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

    private static ulong U64(ReadOnlySpan<byte> b, int at, bool big) => big ? BinaryPrimitives.ReadUInt64BigEndian(b[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}
