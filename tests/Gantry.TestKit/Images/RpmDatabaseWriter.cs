using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Gantry.TestKit.Images;

/// <summary>One installed rpm as its header records it (an epoch and a module stream's label only when set).</summary>
public sealed record RpmPackage(string Name, string Version, string Release, string Arch, string SourceRpm, int? Epoch = null, string? ModularityLabel = null)
{
    /// <summary><c>EPOCH:VERSION-RELEASE</c> as rpm and the advisories write it (no epoch: <c>VERSION-RELEASE</c>).</summary>
    public string Evr => (Epoch is { } e ? $"{e}:" : string.Empty) + $"{Version}-{Release}";
}

/// <summary>
/// Writes rpm databases for synthetic images: SQLite (<c>/var/lib/rpm/rpmdb.sqlite</c>, rpm ≥ 4.16; RHEL, Rocky,
/// AlmaLinux), a <c>Packages(hnum, blob)</c> table, and NDB (<c>/usr/lib/sysimage/rpm/Packages.db</c>; SUSE and
/// openSUSE), whose blobs are rpm headers as rpm stores them (no magic: a big-endian index count and data length,
/// 16-byte index entries, then the data), with the tags a scanner reads.
/// </summary>
public static class RpmDatabaseWriter
{
    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;
    private const int TagEpoch = 1003;
    private const int TagModularityLabel = 5096;
    private const int TypeInt32 = 4;
    private const int TypeString = 6;

    public static byte[] Sqlite(params RpmPackage[] packages)
    {
        var folder = Directory.CreateTempSubdirectory("gantry-rpmdb-");
        try
        {
            var path = Path.Combine(folder.FullName, "rpmdb.sqlite");
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                using var create = connection.CreateCommand();
                create.CommandText = "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)";
                create.ExecuteNonQuery();
                foreach (var package in packages)
                {
                    using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO Packages (blob) VALUES ($blob)";
                    insert.Parameters.AddWithValue("$blob", Header(package));
                    insert.ExecuteNonQuery();
                }
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// rpm's NDB layout (lib/backend/ndb/rpmpkg.c): a slot page starting with the 32-byte header
    /// ("RpmP", version 0, generation, slot page count), 16-byte slots ("Slot", package index, block
    /// offset, block count) filling the rest of the page, then blobs ("BlbS", package index, checksum,
    /// length, data) in 16-byte blocks. Little endian.
    /// </summary>
    public static byte[] Ndb(params RpmPackage[] packages) => Ndb(packages.Select((p, i) => ((uint)(i + 1), Header(p))).ToList());

    /// <inheritdoc cref="Ndb(RpmPackage[])"/>
    public static byte[] Ndb(IReadOnlyList<(uint Number, byte[] Blob)> rows)
    {
        const int page = 4096;
        using var blobs = new MemoryStream();
        var slots = new List<(uint Number, uint Block, uint Blocks)>();
        foreach (var (number, blob) in rows)
        {
            var block = (uint)((page + blobs.Length) / 16);
            var header = new byte[16];
            "BlbS"u8.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), number);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)blob.Length);
            blobs.Write(header);
            blobs.Write(blob);
            blobs.Write(new byte[(16 - (blob.Length % 16)) % 16]);
            slots.Add((number, block, (uint)((16 + blob.Length + 15) / 16)));
        }

        var file = new byte[page + blobs.Length];
        "RpmP"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), 1);
        for (var at = 32; at < page; at += 16)
        {
            "Slot"u8.CopyTo(file.AsSpan(at));
        }

        for (var i = 0; i < slots.Count; i++)
        {
            var at = 32 + (16 * i);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 4), slots[i].Number);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 8), slots[i].Block);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at + 12), slots[i].Blocks);
        }

        blobs.ToArray().CopyTo(file, page);
        return file;
    }

    private static byte[] Header(RpmPackage package)
    {
        (int Tag, string Value)[] strings =
        [
            (TagName, package.Name), (TagVersion, package.Version), (TagRelease, package.Release), (TagArch, package.Arch), (TagSourceRpm, package.SourceRpm),
            .. package.ModularityLabel is { } label ? [(TagModularityLabel, label)] : Array.Empty<(int, string)>(),
        ];
        var data = new MemoryStream();
        var entries = new List<(int Tag, int Type, int Offset)>();

        // The epoch goes first: an INT32 must sit at a 4-aligned offset of the data.
        if (package.Epoch is { } epoch)
        {
            var value = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(value, epoch);
            entries.Add((TagEpoch, TypeInt32, 0));
            data.Write(value);
        }

        foreach (var (tag, value) in strings)
        {
            entries.Add((tag, TypeString, (int)data.Length));
            data.Write(Encoding.UTF8.GetBytes(value + "\0"));
        }

        var index = new byte[16 * entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = index.AsSpan(16 * i);
            BinaryPrimitives.WriteInt32BigEndian(entry, entries[i].Tag);
            BinaryPrimitives.WriteInt32BigEndian(entry[4..], entries[i].Type);
            BinaryPrimitives.WriteInt32BigEndian(entry[8..], entries[i].Offset);
            BinaryPrimitives.WriteInt32BigEndian(entry[12..], 1);
        }

        var tags = entries;

        var header = new byte[8 + index.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, tags.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), (int)data.Length);
        index.CopyTo(header, 8);
        data.ToArray().CopyTo(header, 8 + index.Length);
        return header;
    }
}
