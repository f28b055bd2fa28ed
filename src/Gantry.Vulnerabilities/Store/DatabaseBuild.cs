using System.Globalization;
using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Microsoft.Data.Sqlite;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// A new database file built beside the live one: it starts as a copy of the live file (or empty), sources are
/// imported into it, and <see cref="Commit"/> verifies it and renames it over the live file. The live file is never
/// opened for writing, so killing the process at any moment leaves it as it was, and readers are never blocked.
/// A lock file keeps two builds for the same database from running at once.
/// </summary>
public sealed class DatabaseBuild : IDisposable
{
    private const string TempSuffix = ".building";

    private readonly FileStream _lock;
    private readonly TimeProvider _clock;
    private readonly string _tempPath;
    private readonly List<SourceSummary> _imported = [];
    private SqliteConnection? _connection;
    private bool _committed;

    private DatabaseBuild(string path, FileStream lockFile, string tempPath, SqliteConnection connection, TimeProvider clock)
    {
        Path = path;
        _clock = clock;
        _lock = lockFile;
        _tempPath = tempPath;
        _connection = connection;
    }

    /// <summary>The live database this build replaces.</summary>
    public string Path { get; }

    /// <summary>The sources the build holds now (copied from the live file, then as imported).</summary>
    public IReadOnlyList<SourceSummary> Sources => VulnerabilityDatabase.ReadMetadata(Connection, Path).Sources;

    /// <summary>
    /// Starts a build for the database at <paramref name="path"/>, from a copy of it when it exists. Import and build
    /// times are read from <paramref name="clock"/> (default: the system clock).
    /// </summary>
    public static DatabaseBuild Begin(string path, bool startEmpty = false, TimeProvider? clock = null)
    {
        path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var lockFile = AcquireLock(path);
        try
        {
            RemoveAbandonedBuilds(path);
            var tempPath = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}{TempSuffix}";
            if (!startEmpty && File.Exists(path))
            {
                using var live = VulnerabilityDatabase.OpenReadOnly(path);
                Sql.Execute(live, "VACUUM INTO $target", null, ("$target", tempPath));
            }

            var connection = VulnerabilityDatabase.Open(tempPath, SqliteOpenMode.ReadWriteCreate);

            // The temp file is thrown away on any failure, so durability is not needed until Commit.
            Sql.Execute(connection, "PRAGMA journal_mode = WAL");
            Sql.Execute(connection, "PRAGMA synchronous = OFF");

            // A bulk import touches the indexes all over: keep them in memory instead of spilling pages mid-transaction.
            Sql.Execute(connection, "PRAGMA cache_size = -65536");
            Sql.Execute(connection, "PRAGMA temp_store = MEMORY");
            StoreSchema.Migrate(connection, path);
            return new DatabaseBuild(path, lockFile, tempPath, connection, clock ?? TimeProvider.System);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Imports one source in one transaction, replacing what the source wrote before. If <paramref name="read"/>
    /// throws, the transaction rolls back and the source keeps its previous data in this build.
    /// </summary>
    public SourceSummary ImportSource(string name, string format, string location, string? checksum, Action<IImportSink> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var connection = Connection;
        using var transaction = connection.BeginTransaction();
        using var writer = new SourceWriter(connection, transaction, name);
        read(writer);
        var summary = writer.Complete(format, location, checksum, _clock.GetUtcNow());
        transaction.Commit();
        _imported.RemoveAll(s => s.Name == name);
        _imported.Add(summary);
        return summary;
    }

    /// <summary>The issues recorded for a source in this build (skipped files and records).</summary>
    public IReadOnlyList<ImportIssue> IssuesOf(string source) => VulnerabilityDatabase.ReadIssues(Connection, source);

    /// <summary>Stamps the build time, verifies the new file and renames it over the live database.</summary>
    public void Commit()
    {
        var connection = Connection;
        Sql.Execute(connection, "INSERT OR REPLACE INTO metadata (key, value) VALUES ('built', $built)", null,
            ("$built", SourceWriter.Timestamp(_clock.GetUtcNow())));
        VulnerabilityDatabase.Verify(connection, Path, _imported);

        // The shipped file is self-contained (no -wal/-shm beside it): nothing ever writes to it in place.
        Sql.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        Sql.Execute(connection, "PRAGMA journal_mode = DELETE");
        connection.Dispose();
        _connection = null;
        using (var stream = new FileStream(_tempPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            stream.Flush(flushToDisk: true);
        }

        File.Move(_tempPath, Path, overwrite: true);
        _committed = true;
    }

    /// <summary>
    /// Installs a ready-made database file: <paramref name="write"/> writes it to a temp path beside the live one, then
    /// it is verified (integrity, schema, counts) and renamed into place. A file that fails verification is refused.
    /// </summary>
    public static DatabaseMetadata Install(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var lockFile = AcquireLock(path);
        RemoveAbandonedBuilds(path);
        var tempPath = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}{TempSuffix}";
        try
        {
            write(tempPath);
            var metadata = VulnerabilityDatabase.VerifyFile(tempPath);
            File.Move(tempPath, path, overwrite: true);
            return metadata with { Path = path };
        }
        finally
        {
            DeleteDatabaseFiles(tempPath);
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        if (!_committed)
        {
            DeleteDatabaseFiles(_tempPath);
        }

        _lock.Dispose();
    }

    private SqliteConnection Connection => _connection ?? throw new ObjectDisposedException(nameof(DatabaseBuild));

    private static FileStream AcquireLock(string path)
    {
        var lockPath = path + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new EnvironmentException($"vulnerability database {path}: another gantry is updating it (lock {lockPath} is held)", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new EnvironmentException($"vulnerability database {path}: cannot write to {System.IO.Path.GetDirectoryName(path)}: {ex.Message}", ex);
        }
    }

    /// <summary>Deletes temp files of builds that were killed; safe because we hold the lock.</summary>
    private static void RemoveAbandonedBuilds(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        var prefix = System.IO.Path.GetFileName(path) + ".";
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*" + TempSuffix + "*"))
        {
            File.Delete(file);
        }
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }
}
