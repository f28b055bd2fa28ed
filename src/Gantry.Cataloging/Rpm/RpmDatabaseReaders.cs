using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Gantry.Cataloging.Rpm;

/// <summary>
/// Reads the header blobs out of the three rpmdb formats, without an rpm library: SQLite
/// (<c>rpmdb.sqlite</c>, rpm ≥ 4.16), NDB (<c>Packages.db</c>, SUSE) and the Berkeley DB hash
/// <c>Packages</c> (RHEL/CentOS ≤ 8, Amazon Linux 2).
/// </summary>
internal static class RpmDatabaseReaders
{
    /// <summary>
    /// SQLite needs a file: the buffered bytes (and the write-ahead log rpm leaves next to it, which
    /// holds recent installs until a checkpoint) are copied to a private temp folder, read, and deleted.
    /// </summary>
    public static List<byte[]> ReadSqlite(ReadOnlySpan<byte> database, ReadOnlySpan<byte> writeAheadLog)
    {
        var folder = Directory.CreateTempSubdirectory("gantry-rpmdb-");
        try
        {
            var path = Path.Combine(folder.FullName, "rpmdb.sqlite");
            File.WriteAllBytes(path, database.ToArray());
            if (!writeAheadLog.IsEmpty)
            {
                File.WriteAllBytes(path + "-wal", writeAheadLog.ToArray());
            }

            var blobs = new List<byte[]>();
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT blob FROM Packages ORDER BY hnum";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    blobs.Add((byte[])reader.GetValue(0));
                }
            }

            return blobs;
        }
        catch (SqliteException ex)
        {
            throw new InvalidDataException($"not a readable rpm SQLite database ({ex.Message})", ex);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// NDB: a 32-byte header ("RpmP", version 0, generation, slot page count), then 16-byte slots
    /// ("Slot", package index, block offset, block count) filling the slot pages; each used slot points
    /// at a blob ("BlbS", package index, checksum, length) in 16-byte blocks. All little endian.
    /// </summary>
    public static List<byte[]> ReadNdb(ReadOnlySpan<byte> content)
    {
        const uint headerMagic = 'R' | ('p' << 8) | ('m' << 16) | ('P' << 24);
        const uint slotMagic = 'S' | ('l' << 8) | ('o' << 16) | ('t' << 24);
        const uint blobMagic = 'B' | ('l' << 8) | ('b' << 16) | ('S' << 24);
        const int pageSize = 4096;
        const int blockSize = 16;
        if (content.Length < 32 || BinaryPrimitives.ReadUInt32LittleEndian(content) != headerMagic)
        {
            throw new InvalidDataException("not an rpm NDB database (no RpmP magic)");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(content[4..]) != 0)
        {
            throw new InvalidDataException("rpm NDB database version is not 0");
        }

        var slotPages = BinaryPrimitives.ReadUInt32LittleEndian(content[12..]);
        var slotsEnd = Math.Min((long)slotPages * pageSize, content.Length);
        var blobs = new List<byte[]>();
        for (long at = 32; at + 16 <= slotsEnd; at += 16)
        {
            var slot = content.Slice((int)at, 16);
            if (BinaryPrimitives.ReadUInt32LittleEndian(slot) != slotMagic)
            {
                throw new InvalidDataException($"rpm NDB slot at byte {at} has a bad magic");
            }

            var packageIndex = BinaryPrimitives.ReadUInt32LittleEndian(slot[4..]);
            if (packageIndex == 0)
            {
                continue; // free slot
            }

            var offset = (long)BinaryPrimitives.ReadUInt32LittleEndian(slot[8..]) * blockSize;
            if (offset + 16 > content.Length)
            {
                throw new InvalidDataException($"rpm NDB package {packageIndex} points past the end of the file");
            }

            var blob = content.Slice((int)offset, 16);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(blob) != blobMagic || BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]) != packageIndex
                || offset + 16 + length > content.Length)
            {
                throw new InvalidDataException($"rpm NDB package {packageIndex} has a bad blob header");
            }

            blobs.Add(content.Slice((int)offset + 16, (int)length).ToArray());
        }

        return blobs;
    }

    /// <summary>
    /// Berkeley DB hash: page 0 is the metadata page (magic 0x061561, page size, last page number);
    /// hash pages (types 2 and 13) hold key/value item pairs; rpm's values (header blobs) are too big for
    /// a page and stored as "off-page" items (type 3) pointing at a chain of overflow pages (type 7).
    /// The file's byte order is whichever makes the magic read right.
    /// </summary>
    public static List<byte[]> ReadBerkeleyHash(ReadOnlySpan<byte> content)
    {
        const uint hashMagic = 0x061561;
        const int pageHeaderSize = 26;
        if (content.Length < 512)
        {
            throw new InvalidDataException("not a Berkeley DB file (too short)");
        }

        var big = BinaryPrimitives.ReadUInt32LittleEndian(content[12..]) != hashMagic;
        if (big && BinaryPrimitives.ReadUInt32BigEndian(content[12..]) != hashMagic)
        {
            throw new InvalidDataException("not a Berkeley DB hash database (bad magic)");
        }

        uint U32(ReadOnlySpan<byte> b, int at) => big ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
        ushort U16(ReadOnlySpan<byte> b, int at) => big ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

        var pageSize = (int)U32(content, 20);
        var lastPage = U32(content, 32);
        if (pageSize is < 512 or > 65536 || (long)(lastPage + 1) * pageSize > content.Length)
        {
            throw new InvalidDataException($"Berkeley DB page size {pageSize} or page count {lastPage + 1} does not fit the file");
        }

        var blobs = new List<byte[]>();
        for (var pageNumber = 1u; pageNumber <= lastPage; pageNumber++)
        {
            var page = content.Slice((int)(pageNumber * pageSize), pageSize);
            if (page[25] is not (2 or 13))
            {
                continue;
            }

            var entries = U16(page, 20);
            for (var item = 0; item + 1 < entries; item += 2)
            {
                var valueAt = U16(page, pageHeaderSize + (2 * (item + 1)));
                if (valueAt + 12 > pageSize || page[valueAt] != 3)
                {
                    continue; // inline values are rpm's bookkeeping (the next package number), not headers
                }

                var firstPage = U32(page, valueAt + 4);
                var length = U32(page, valueAt + 8);
                blobs.Add(ReadOverflowChain(content, firstPage, length, pageSize, lastPage, big));
            }
        }

        return blobs;
    }

    private static byte[] ReadOverflowChain(ReadOnlySpan<byte> content, uint pageNumber, uint length, int pageSize, uint lastPage, bool big)
    {
        const int pageHeaderSize = 26;
        var value = new List<byte>((int)Math.Min(length, 16 * 1024 * 1024));
        for (var hops = 0u; pageNumber != 0; hops++)
        {
            if (pageNumber > lastPage || hops > lastPage)
            {
                throw new InvalidDataException($"Berkeley DB overflow chain leaves the file at page {pageNumber}");
            }

            var page = content.Slice((int)(pageNumber * pageSize), pageSize);
            if (page[25] != 7)
            {
                throw new InvalidDataException($"Berkeley DB page {pageNumber} is not an overflow page");
            }

            var next = big ? BinaryPrimitives.ReadUInt32BigEndian(page[16..]) : BinaryPrimitives.ReadUInt32LittleEndian(page[16..]);
            var used = big ? BinaryPrimitives.ReadUInt16BigEndian(page[22..]) : BinaryPrimitives.ReadUInt16LittleEndian(page[22..]);
            var take = next == 0 ? Math.Min(used, pageSize - pageHeaderSize) : pageSize - pageHeaderSize;
            value.AddRange(page.Slice(pageHeaderSize, take));
            pageNumber = next;
        }

        return value.Count >= length ? value.GetRange(0, (int)length).ToArray() : [.. value];
    }
}
