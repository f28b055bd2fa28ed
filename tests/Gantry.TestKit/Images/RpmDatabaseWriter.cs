using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Gantry.TestKit.Images;

/// <summary>One installed rpm as its header records it.</summary>
public sealed record RpmPackage(string Name, string Version, string Release, string Arch, string SourceRpm);

/// <summary>
/// Writes an rpm SQLite database (<c>/var/lib/rpm/rpmdb.sqlite</c>, rpm ≥ 4.16) for synthetic images: a
/// <c>Packages(hnum, blob)</c> table whose blobs are rpm headers as rpm stores them (no magic: a big-endian index
/// count and data length, 16-byte index entries, then the data), with the tags a scanner reads.
/// </summary>
public static class RpmDatabaseWriter
{
    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;
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

    private static byte[] Header(RpmPackage package)
    {
        (int Tag, string Value)[] tags =
        [
            (TagName, package.Name), (TagVersion, package.Version), (TagRelease, package.Release), (TagArch, package.Arch), (TagSourceRpm, package.SourceRpm),
        ];
        var data = new MemoryStream();
        var index = new byte[16 * tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var entry = index.AsSpan(16 * i);
            BinaryPrimitives.WriteInt32BigEndian(entry, tags[i].Tag);
            BinaryPrimitives.WriteInt32BigEndian(entry[4..], TypeString);
            BinaryPrimitives.WriteInt32BigEndian(entry[8..], (int)data.Length);
            BinaryPrimitives.WriteInt32BigEndian(entry[12..], 1);
            data.Write(Encoding.UTF8.GetBytes(tags[i].Value + "\0"));
        }

        var header = new byte[8 + index.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, tags.Length);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), (int)data.Length);
        index.CopyTo(header, 8);
        data.ToArray().CopyTo(header, 8 + index.Length);
        return header;
    }
}
