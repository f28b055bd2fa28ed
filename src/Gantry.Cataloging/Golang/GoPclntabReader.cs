using System.Buffers.Binary;
using System.Text;
using Gantry.Cataloging.Binary;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Reads the names of the functions a Go binary links, or inlines, from its <c>.gopclntab</c> section (what
/// <c>debug/gosym</c> and govulncheck's binary mode read): a header (Go 1.18–1.19 magic <c>0xfffffff0</c>, 1.20+
/// <c>0xfffffff1</c>, 1.16–1.17 <c>0xfffffffa</c>) giving the offsets of the function name table and of the table after
/// it. A stripped binary keeps the section (the runtime needs it). Only the name table is read, through small windows,
/// never the whole file.
/// </summary>
internal static class GoPclntabReader
{
    public const string SectionName = ".gopclntab";

    private const uint Go116Magic = 0xfffffffa;
    private const uint Go118Magic = 0xfffffff0;
    private const uint Go120Magic = 0xfffffff1;

    /// <summary>A function name longer than this is hostile (generic instantiations run to a few hundred bytes).</summary>
    private const int MaxNameLength = 16 * 1024;

    /// <summary>
    /// The symbols per Go package path, in <see cref="GoSymbols.Format"/>'s text form (names folded by
    /// <see cref="GoSymbols.TryFold"/>). Null when the binary has no <c>.gopclntab</c> or one of a layout this reader
    /// does not know; <see cref="InvalidDataException"/> when the table's counts or offsets lie outside the section.
    /// </summary>
    public static string? Read(FileExtractSource source, ElfFile elf)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(elf);
        if (elf.Section(SectionName) is not { } section)
        {
            return null;
        }

        var table = new Window(source, section.Offset, section.Size, elf.BigEndian);
        if (section.Size < 8)
        {
            throw new InvalidDataException($"{SectionName} is {section.Size} bytes, too short for its header");
        }

        var magic = table.U32(0);
        var pointerSize = table.Byte(7);
        if (magic is not (Go116Magic or Go118Magic or Go120Magic) || table.Byte(4) != 0 || table.Byte(5) != 0)
        {
            return null;
        }

        if (pointerSize is not (4 or 8))
        {
            throw new InvalidDataException($"{SectionName} has pointer size {pointerSize}");
        }

        // Header words after the 8-byte prefix: nfunc, nfiles, [textStart (1.18+)], funcnameOffset, cuOffset, ... The
        // name table runs up to the compilation-unit table. It holds every linked function's name and the name of
        // every function inlined into one (the inline tree refers to names there), so reading all of it, rather than
        // only the names the function table points at, keeps a vulnerable function the compiler inlined everywhere.
        var modern = magic != Go116Magic;
        ulong Word(int index) => table.Word(8 + ((long)index * pointerSize), pointerSize);
        var nameTable = Word(modern ? 3 : 2);
        var nameTableEnd = Word(modern ? 4 : 3);
        if (nameTable > nameTableEnd || nameTableEnd > (ulong)section.Size)
        {
            throw new InvalidDataException($"{SectionName} declares a name table at {nameTable}..{nameTableEnd}, outside its {section.Size} bytes");
        }

        // A name is decoded and folded in two reused buffers; only package paths and symbols not seen before become strings.
        var symbols = new GoSymbolCollector();
        var name = new char[MaxNameLength];
        var folded = new char[MaxNameLength];
        for (var at = (long)nameTable; at < (long)nameTableEnd;)
        {
            var bytes = table.CString(at, (long)nameTableEnd - at);
            at += bytes.Length + 1;
            var decoded = name.AsSpan(0, Encoding.UTF8.GetChars(bytes, name));
            if (GoSymbols.TryFold(decoded, folded, out var package, out var symbol))
            {
                symbols.Add(folded.AsSpan(package), folded.AsSpan(symbol));
            }
        }

        return symbols.ToText();
    }

    /// <summary>
    /// Reads a section by offsets relative to its start through a 64 KiB buffer: the tables are walked mostly front to
    /// back, so each window is read once. Every read is checked against the section's bounds.
    /// </summary>
    private sealed class Window(FileExtractSource source, long sectionOffset, long sectionSize, bool bigEndian)
    {
        private const int Size = 64 * 1024;
        private readonly byte[] _buffer = new byte[Size];
        private long _start = -1;
        private int _length;

        public byte Byte(long offset) => Bytes(offset, 1)[0];

        public uint U32(long offset) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Bytes(offset, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(Bytes(offset, 4));

        public ulong Word(long offset, int size) => size == 8
            ? bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Bytes(offset, 8)) : BinaryPrimitives.ReadUInt64LittleEndian(Bytes(offset, 8))
            : U32(offset);

        /// <summary>
        /// The bytes of a NUL-terminated string, without the NUL, valid until the next read; one with no NUL within
        /// <paramref name="limit"/> bytes or <see cref="MaxNameLength"/> is malformed. A string that runs past the window
        /// is read again from its start (a window holds a name of any allowed length).
        /// </summary>
        public ReadOnlySpan<byte> CString(long offset, long limit)
        {
            var end = Rest(offset).IndexOf((byte)0);
            if (end < 0 && _start != offset)
            {
                Load(offset, force: true);
                end = Rest(offset).IndexOf((byte)0);
            }

            if (end < 0 || end >= limit || end >= MaxNameLength)
            {
                throw new InvalidDataException($"{SectionName} has a function name at offset {offset} that does not end within its name table");
            }

            return Rest(offset)[..end];
        }

        private ReadOnlySpan<byte> Rest(long offset)
        {
            Load(offset);
            return _buffer.AsSpan((int)(offset - _start), _length - (int)(offset - _start));
        }

        private ReadOnlySpan<byte> Bytes(long offset, int count)
        {
            Load(offset);
            if (offset + count > _start + _length)
            {
                Load(offset, force: true);
                if (offset + count > _start + _length)
                {
                    throw new InvalidDataException($"{SectionName} is read at offset {offset}, past its {sectionSize} bytes");
                }
            }

            return _buffer.AsSpan((int)(offset - _start), count);
        }

        private void Load(long offset, bool force = false)
        {
            if (offset < 0 || offset >= sectionSize)
            {
                throw new InvalidDataException($"{SectionName} is read at offset {offset}, outside its {sectionSize} bytes");
            }

            if (!force && _start >= 0 && offset >= _start && offset < _start + _length)
            {
                return;
            }

            _length = source.ReadAt(sectionOffset + offset, _buffer.AsSpan(0, (int)Math.Min(Size, sectionSize - offset)));
            _start = offset;
            if (_length == 0)
            {
                throw new InvalidDataException($"{SectionName} ends before its declared {sectionSize} bytes");
            }
        }
    }
}
