using System.Buffers.Binary;
using System.Text;
using Gantry.Cataloging.Binary;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Reads the build information the Go linker embeds (what <c>debug/buildinfo</c> reads): a 32-byte
/// header starting <c>"\xff Go buildinf:"</c> in the <c>.go.buildinfo</c> section, followed either
/// (Go ≥ 1.18) by the version and module strings inline as varint-prefixed bytes, or (older) by two
/// pointers to Go string headers. The module text is <c>go version -m</c>'s <c>path/mod/dep/=&gt;/build</c> lines.
/// Everything is read by offset from a <see cref="FileExtractSource"/>, a few bytes at a time: the binary is never held whole.
/// </summary>
internal static class GoBuildInfoReader
{
    private static readonly byte[] Magic = [0xFF, .. " Go buildinf:"u8];
    private const int HeaderSize = 32;
    private const int FlagBigEndian = 1;
    private const int FlagInline = 2;
    private const int SearchChunk = 1024 * 1024;

    /// <summary>The build info's strings are a few KB; one longer than this is hostile.</summary>
    internal const int MaxStringBytes = 16 * 1024 * 1024;

    /// <summary>Null when the binary carries no Go build info.</summary>
    public static GoBuildInfo? Read(FileExtractSource source, ElfFile elf) =>
        ReadStrings(source, elf) is { } strings ? Parse(strings.GoVersion, strings.Modules) : null;

    /// <summary>The toolchain version and the module text (<c>go version -m</c>'s lines), or null when there is no build info.</summary>
    public static (string GoVersion, string Modules)? ReadStrings(FileExtractSource source, ElfFile elf)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(elf);
        var at = FindHeader(source, elf);
        if (at < 0 || at > source.Length - HeaderSize)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        source.ReadExactlyAt(at, header);
        var pointerSize = header[14];
        var flags = header[15];
        string version;
        string modules;
        if ((flags & FlagInline) != 0)
        {
            var cursor = at + HeaderSize;
            version = Encoding.UTF8.GetString(ReadVarBytes(source, ref cursor));
            modules = Encoding.UTF8.GetString(StripSentinels(ReadVarBytes(source, ref cursor)));
        }
        else
        {
            if (pointerSize is not (4 or 8))
            {
                throw new InvalidDataException($"Go build info has pointer size {pointerSize}");
            }

            var big = (flags & FlagBigEndian) != 0;
            version = Encoding.UTF8.GetString(ReadGoString(source, elf, ReadPointer(header[16..], pointerSize, big), pointerSize, big));
            modules = Encoding.UTF8.GetString(StripSentinels(ReadGoString(source, elf, ReadPointer(header[(16 + pointerSize)..], pointerSize, big), pointerSize, big)));
        }

        return version.Length == 0 ? null : (version, modules);
    }

    internal static GoBuildInfo Parse(string goVersion, string modules)
    {
        string? mainPath = null;
        GoModule? main = null;
        var dependencies = new List<GoModule>();
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in modules.Split('\n'))
        {
            var fields = line.Split('\t');
            switch (fields[0])
            {
                case "path" when fields.Length >= 2:
                    mainPath = fields[1];
                    break;
                case "mod" when fields.Length >= 3:
                    main = new GoModule(fields[1], fields[2], fields.Length >= 4 ? fields[3] : null);
                    break;
                case "dep" when fields.Length >= 3:
                    dependencies.Add(new GoModule(fields[1], fields[2], fields.Length >= 4 ? fields[3] : null));
                    break;
                case "=>" when fields.Length >= 3 && fields[2] is not ("" or "(devel)") && dependencies.Count > 0:
                    // A module replacement is the code actually built in; a local folder ("(devel)") keeps the module's identity.
                    dependencies[^1] = new GoModule(fields[1], fields[2], fields.Length >= 4 ? fields[3] : null);
                    break;
                case "build" when fields.Length >= 2:
                    var eq = fields[1].IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        settings[fields[1][..eq]] = fields[1][(eq + 1)..];
                    }

                    break;
                default:
                    break;
            }
        }

        return new GoBuildInfo(goVersion, mainPath, main, dependencies, settings);
    }

    private static long FindHeader(FileExtractSource source, ElfFile elf)
    {
        Span<byte> magic = stackalloc byte[Magic.Length];
        if (elf.Section(".go.buildinfo") is { } section && section.Size >= HeaderSize && source.ReadAt(section.Offset, magic) == Magic.Length && magic.SequenceEqual(Magic))
        {
            return section.Offset;
        }

        // A binary with a section table but no .go.buildinfo is not Go (the Go linker and external linkers both keep
        // the section); only one whose section headers were stripped is searched: the header is 16-byte aligned in
        // the data segment, as debug/buildinfo finds it. The file is searched in chunks that overlap by the magic's
        // length, so a header across two chunks is found.
        if (elf.Sections.Count > 0)
        {
            return -1;
        }

        var buffer = new byte[SearchChunk + Magic.Length];
        for (long start = 0; start < source.Length; start += SearchChunk)
        {
            var span = buffer.AsSpan(0, source.ReadAt(start, buffer));
            for (var i = span.IndexOf(Magic); i >= 0 && i < SearchChunk;)
            {
                if ((start + i) % 16 == 0)
                {
                    return start + i;
                }

                var next = span[(i + 1)..].IndexOf(Magic);
                i = next < 0 ? -1 : i + 1 + next;
            }
        }

        return -1;
    }

    /// <summary>The linker wraps the module text in two 16-byte binary sentinels; the text ends with '\n' just before the second.</summary>
    private static ReadOnlySpan<byte> StripSentinels(ReadOnlySpan<byte> modules) =>
        modules.Length >= 33 && modules[^17] == (byte)'\n' ? modules[16..^16] : modules;

    private static byte[] ReadVarBytes(FileExtractSource source, ref long cursor)
    {
        ulong length = 0;
        Span<byte> one = stackalloc byte[1];
        for (var shift = 0; ; shift += 7)
        {
            if (cursor >= source.Length || shift > 63)
            {
                throw new InvalidDataException("Go build info string length is truncated");
            }

            source.ReadExactlyAt(cursor++, one);
            var b = one[0];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > (ulong)(source.Length - cursor))
        {
            throw new InvalidDataException("Go build info string runs past the end of the file");
        }

        var bytes = source.ReadExactlyAt(cursor, (long)length, MaxStringBytes);
        cursor += (long)length;
        return bytes;
    }

    private static ulong ReadPointer(ReadOnlySpan<byte> bytes, int size, bool big) => size == 8
        ? big ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes)
        : big ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    /// <summary>A Go string header in memory: a data pointer then a length, each one pointer wide.</summary>
    private static byte[] ReadGoString(FileExtractSource source, ElfFile elf, ulong address, int size, bool big)
    {
        var header = elf.OffsetOf(address);
        if (header < 0 || header > source.Length - (2 * size))
        {
            return [];
        }

        Span<byte> pair = stackalloc byte[16];
        source.ReadExactlyAt(header, pair[..(2 * size)]);
        var data = elf.OffsetOf(ReadPointer(pair, size, big));
        var length = ReadPointer(pair[size..], size, big);
        return data < 0 || length > (ulong)(source.Length - data) ? [] : source.ReadExactlyAt(data, (long)length, MaxStringBytes);
    }
}
