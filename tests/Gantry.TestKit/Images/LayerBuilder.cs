using System.Formats.Tar;
using System.Text;

namespace Gantry.TestKit.Images;

/// <summary>Writes one layer tar from a list of entries, including hostile ones (bad names, whiteouts, links).</summary>
public sealed class LayerBuilder
{
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<Action<TarWriter>> _entries = [];
    private readonly List<byte[]> _rawAppends = [];

    public string? CreatedBy { get; set; }

    /// <summary>
    /// PAX by default; USTAR gives the same bytes in every process (.NET names PAX extended headers after the process
    /// id and stamps them with access and change times), for outputs compared with golden files.
    /// </summary>
    public TarEntryFormat Format { get; set; } = TarEntryFormat.Pax;

    public LayerBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid);

    public LayerBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0)
    {
        _entries.Add(w => w.WriteEntry(Entry(TarEntryType.RegularFile, name, e =>
        {
            e.DataStream = new MemoryStream(content);
            e.Mode = mode;
            e.Uid = uid;
        })));
        return this;
    }

    public LayerBuilder Directory(string name)
    {
        _entries.Add(w => w.WriteEntry(Entry(TarEntryType.Directory, name, e => e.Mode = (UnixFileMode)0x1ED)));
        return this;
    }

    public LayerBuilder Symlink(string name, string target)
    {
        _entries.Add(w => w.WriteEntry(Entry(TarEntryType.SymbolicLink, name, e => e.LinkName = target)));
        return this;
    }

    public LayerBuilder HardLink(string name, string target)
    {
        _entries.Add(w => w.WriteEntry(Entry(TarEntryType.HardLink, name, e => e.LinkName = target)));
        return this;
    }

    /// <summary>An AUFS/OCI whiteout hiding <paramref name="path"/> from lower layers.</summary>
    public LayerBuilder Whiteout(string path)
    {
        var slash = path.LastIndexOf('/');
        var name = path[..(slash + 1)] + ".wh." + path[(slash + 1)..];
        _entries.Add(w => w.WriteEntry(Entry(TarEntryType.RegularFile, name.TrimStart('/'), e => e.DataStream = new MemoryStream())));
        return this;
    }

    /// <summary>Marks a folder opaque: what lower layers put in it is hidden.</summary>
    public LayerBuilder Opaque(string directory)
    {
        var name = directory.Trim('/') + "/.wh..wh..opq";
        _entries.Add(w => w.WriteEntry(Entry(TarEntryType.RegularFile, name, e => e.DataStream = new MemoryStream())));
        return this;
    }

    /// <summary>Raw bytes appended after the entries (before the end-of-archive marker is omitted): for hand-made hostile headers.</summary>
    public LayerBuilder AppendRaw(byte[] bytes)
    {
        _rawAppends.Add(bytes);
        return this;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry(writer);
            }

            if (_rawAppends.Count > 0)
            {
                // Raw appends replace the end-of-archive blocks the writer would add.
                writer.Dispose();
                output.SetLength(output.Length - 1024);
                output.Position = output.Length;
                foreach (var raw in _rawAppends)
                {
                    output.Write(raw);
                }

                return output.ToArray();
            }
        }

        return output.ToArray();
    }

    /// <summary>An entry in <see cref="Format"/>, stamped with a fixed time instead of the wall clock.</summary>
    private TarEntry Entry(TarEntryType type, string name, Action<TarEntry> configure)
    {
        TarEntry entry = Format == TarEntryFormat.Ustar ? new UstarTarEntry(type, name) : new PaxTarEntry(type, name);
        entry.ModificationTime = EntryTime;
        configure(entry);
        return entry;
    }

    /// <summary>A ustar header for a regular file that claims <paramref name="claimedSize"/> bytes.</summary>
    public static byte[] UstarHeader(string name, long claimedSize)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(header, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(claimedSize, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)'0';
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(header, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(header, 263);
        for (var i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }

        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        return header;
    }
}
