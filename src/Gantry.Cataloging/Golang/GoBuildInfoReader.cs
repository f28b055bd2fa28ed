using System.Buffers.Binary;
using System.Text;
using Gantry.Cataloging.Binary;

namespace Gantry.Cataloging.Golang;

/// <summary>
/// Reads the build information the Go linker embeds (what <c>debug/buildinfo</c> reads): a 32-byte
/// header starting <c>"\xff Go buildinf:"</c> in the <c>.go.buildinfo</c> section, followed either
/// (Go ≥ 1.18) by the version and module strings inline as varint-prefixed bytes, or (older) by two
/// pointers to Go string headers. The module text is <c>go version -m</c>'s <c>path/mod/dep/=&gt;/build</c> lines.
/// </summary>
internal static class GoBuildInfoReader
{
    private static readonly byte[] Magic = [0xFF, .. " Go buildinf:"u8];
    private const int HeaderSize = 32;
    private const int FlagBigEndian = 1;
    private const int FlagInline = 2;

    /// <summary>Null when the binary carries no Go build info.</summary>
    public static GoBuildInfo? Read(ReadOnlySpan<byte> content, ElfFile elf)
    {
        var at = FindHeader(content, elf);
        if (at < 0 || at + HeaderSize > content.Length)
        {
            return null;
        }

        var pointerSize = content[at + 14];
        var flags = content[at + 15];
        string version;
        string modules;
        if ((flags & FlagInline) != 0)
        {
            var cursor = at + HeaderSize;
            version = Encoding.UTF8.GetString(ReadVarBytes(content, ref cursor));
            modules = Encoding.UTF8.GetString(StripSentinels(ReadVarBytes(content, ref cursor)));
        }
        else
        {
            if (pointerSize is not (4 or 8))
            {
                throw new InvalidDataException($"Go build info has pointer size {pointerSize}");
            }

            var big = (flags & FlagBigEndian) != 0;
            version = Encoding.UTF8.GetString(ReadGoString(content, elf, ReadPointer(content, at + 16, pointerSize, big), pointerSize, big));
            modules = Encoding.UTF8.GetString(StripSentinels(ReadGoString(content, elf, ReadPointer(content, at + 16 + pointerSize, pointerSize, big), pointerSize, big)));
        }

        return version.Length == 0 ? null : Parse(version, modules);
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

    private static int FindHeader(ReadOnlySpan<byte> content, ElfFile elf)
    {
        if (elf.Section(".go.buildinfo") is { } section && section.Size >= HeaderSize && content.Slice((int)section.Offset, Magic.Length).SequenceEqual(Magic))
        {
            return (int)section.Offset;
        }

        // Some linkers (external linking, stripped section headers) drop the section name; the header
        // is 16-byte aligned in the data segment, as debug/buildinfo searches it.
        for (var at = content.IndexOf(Magic); at >= 0;)
        {
            if (at % 16 == 0)
            {
                return at;
            }

            var next = content[(at + 1)..].IndexOf(Magic);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return -1;
    }

    /// <summary>The linker wraps the module text in two 16-byte binary sentinels; the text ends with '\n' just before the second.</summary>
    private static ReadOnlySpan<byte> StripSentinels(ReadOnlySpan<byte> modules) =>
        modules.Length >= 33 && modules[^17] == (byte)'\n' ? modules[16..^16] : modules;

    private static ReadOnlySpan<byte> ReadVarBytes(ReadOnlySpan<byte> content, ref int cursor)
    {
        ulong length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (cursor >= content.Length || shift > 63)
            {
                throw new InvalidDataException("Go build info string length is truncated");
            }

            var b = content[cursor++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > (ulong)(content.Length - cursor))
        {
            throw new InvalidDataException("Go build info string runs past the end of the file");
        }

        var bytes = content.Slice(cursor, (int)length);
        cursor += (int)length;
        return bytes;
    }

    private static ulong ReadPointer(ReadOnlySpan<byte> content, int at, int size, bool big) => size == 8
        ? big ? BinaryPrimitives.ReadUInt64BigEndian(content[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(content[at..])
        : big ? BinaryPrimitives.ReadUInt32BigEndian(content[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(content[at..]);

    /// <summary>A Go string header in memory: a data pointer then a length, each one pointer wide.</summary>
    private static ReadOnlySpan<byte> ReadGoString(ReadOnlySpan<byte> content, ElfFile elf, ulong address, int size, bool big)
    {
        var header = elf.OffsetOf(address);
        if (header < 0 || header + (2 * size) > content.Length)
        {
            return [];
        }

        var data = elf.OffsetOf(ReadPointer(content, (int)header, size, big));
        var length = ReadPointer(content, (int)header + size, size, big);
        return data < 0 || length > (ulong)(content.Length - data) ? [] : content.Slice((int)data, (int)length);
    }
}
