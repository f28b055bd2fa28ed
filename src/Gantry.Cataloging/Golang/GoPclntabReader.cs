using System.Buffers.Binary;
using System.Text;
using Gantry.Cataloging.Binary;
using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Reads the names of the functions a Go binary links from its <c>.gopclntab</c> section (what <c>debug/gosym</c> and
/// govulncheck's binary mode read): a header (Go 1.18–1.19 magic <c>0xfffffff0</c>, 1.20+ <c>0xfffffff1</c>, 1.16–1.17
/// <c>0xfffffffa</c>) giving the function count and the offsets of the name table and the function table; each
/// function table entry points at a <c>_func</c> record whose name offset leads into the name table. A stripped binary
/// keeps the section (the runtime needs it). Only the section is read, through small windows, never the whole file.
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
    /// The symbols per Go package path (see <see cref="GoSymbols.TrySplit"/>). Null when the binary has no
    /// <c>.gopclntab</c> or one of a layout this reader does not know; <see cref="InvalidDataException"/> when the
    /// table's counts or offsets lie outside the section.
    /// </summary>
    public static Dictionary<string, SortedSet<string>>? Read(FileExtractSource source, ElfFile elf)
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

        // Header words after the 8-byte prefix: nfunc, nfiles, [textStart (1.18+)], funcnameOffset, cuOffset,
        // filetabOffset, pctabOffset, pclnOffset. Function table fields are 4 bytes from 1.18, a pointer before.
        var modern = magic != Go116Magic;
        ulong Word(int index) => table.Word(8 + ((long)index * pointerSize), pointerSize);
        var functionCount = Word(0);
        var nameTable = Word(modern ? 3 : 2);
        var functionData = Word(modern ? 7 : 6);
        var fieldSize = modern ? 4 : pointerSize;
        var nameField = modern ? 4 : pointerSize;
        if (nameTable >= (ulong)section.Size || functionData >= (ulong)section.Size
            || functionCount > ((ulong)section.Size - functionData) / (2UL * (ulong)fieldSize))
        {
            throw new InvalidDataException($"{SectionName} declares {functionCount} functions or offsets outside its {section.Size} bytes");
        }

        var functions = new Window(source, section.Offset, section.Size, elf.BigEndian);
        var names = new Window(source, section.Offset, section.Size, elf.BigEndian);
        var symbols = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        for (ulong i = 0; i < functionCount; i++)
        {
            var entry = (long)functionData + (long)((2 * i) + 1) * fieldSize;
            var record = (long)functionData + (long)table.Word(entry, fieldSize);
            var nameOffset = functions.U32(record + nameField);
            var name = names.CString((long)nameTable + nameOffset, MaxNameLength);
            if (GoSymbols.TrySplit(name, out var package, out var symbol))
            {
                if (!symbols.TryGetValue(package, out var set))
                {
                    set = new SortedSet<string>(StringComparer.Ordinal);
                    symbols[package] = set;
                }

                set.Add(symbol);
            }
        }

        return symbols;
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

        /// <summary>A NUL-terminated string; one without a NUL within <paramref name="max"/> bytes or the section is malformed.</summary>
        public string CString(long offset, int max)
        {
            var text = new StringBuilder();
            for (var at = offset; ; at = _start + _length)
            {
                Load(at);
                var span = _buffer.AsSpan((int)(at - _start), _length - (int)(at - _start));
                var end = span.IndexOf((byte)0);
                text.Append(Encoding.UTF8.GetString(end >= 0 ? span[..end] : span));
                if (end >= 0)
                {
                    return text.ToString();
                }

                if (text.Length > max)
                {
                    throw new InvalidDataException($"{SectionName} has a function name longer than {max} bytes");
                }
            }
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
