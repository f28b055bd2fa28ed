using Gantry.Core;
using Microsoft.Data.Sqlite;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// The versioned schema. Each migration moves the file from version N-1 to N; <c>PRAGMA user_version</c> records
/// where a file stands, so an older database is brought forward on open and a newer one is refused.
/// </summary>
internal static class StoreSchema
{
    public static int CurrentVersion => Migrations.Length;

    private static readonly string[] Migrations =
    [
        // 1: the vulnerability records and the packages they affect, indexed for (namespace, name) lookups.
        """
        CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE sources (
            name TEXT PRIMARY KEY, format TEXT NOT NULL, location TEXT NOT NULL, updated TEXT NOT NULL,
            records INTEGER NOT NULL, affected INTEGER NOT NULL, files INTEGER NOT NULL, skipped INTEGER NOT NULL,
            checksum TEXT) WITHOUT ROWID;
        CREATE TABLE vulnerabilities (
            pk INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, severity INTEGER NOT NULL,
            modified TEXT, withdrawn TEXT, record TEXT NOT NULL, UNIQUE (id, source));
        CREATE TABLE aliases (alias TEXT NOT NULL, vulnerability INTEGER NOT NULL REFERENCES vulnerabilities (pk));
        CREATE INDEX aliases_by_alias ON aliases (alias);
        CREATE INDEX aliases_by_vulnerability ON aliases (vulnerability);
        CREATE TABLE affected (
            vulnerability INTEGER NOT NULL REFERENCES vulnerabilities (pk), namespace TEXT NOT NULL, name TEXT NOT NULL,
            normalized_name TEXT NOT NULL, fix_state TEXT NOT NULL, severity INTEGER, record TEXT NOT NULL);
        CREATE INDEX affected_by_package ON affected (namespace, normalized_name);
        CREATE INDEX affected_by_name ON affected (normalized_name);
        CREATE INDEX affected_by_vulnerability ON affected (vulnerability);
        CREATE TABLE import_issues (source TEXT NOT NULL, file TEXT NOT NULL, reason TEXT NOT NULL);
        """,

        // 2: NVD CPE criteria for the CPE fallback matcher, and the KEV / EPSS enrichment keyed by CVE.
        """
        CREATE TABLE cpe_criteria (
            vulnerability INTEGER NOT NULL REFERENCES vulnerabilities (pk), vendor TEXT NOT NULL, product TEXT NOT NULL,
            criteria TEXT NOT NULL, start_including TEXT, start_excluding TEXT, end_including TEXT, end_excluding TEXT,
            vulnerable INTEGER NOT NULL);
        CREATE INDEX cpe_by_product ON cpe_criteria (vendor, product);
        CREATE INDEX cpe_by_vulnerability ON cpe_criteria (vulnerability);
        CREATE TABLE kev (
            cve TEXT PRIMARY KEY, source TEXT NOT NULL, date_added TEXT, due_date TEXT, ransomware INTEGER NOT NULL,
            name TEXT) WITHOUT ROWID;
        CREATE TABLE epss (cve TEXT PRIMARY KEY, source TEXT NOT NULL, score REAL NOT NULL, percentile REAL NOT NULL) WITHOUT ROWID;
        """,

        // 3: affected rows of OSV records keep the Go ecosystem_specific.imports (package paths, symbols, goos/goarch)
        // in their JSON. Rows imported before lack them: forgetting the OSV sources' checksums makes the next
        // 'db update' re-import those sources even when the feed has not changed.
        """
        UPDATE sources SET checksum = NULL WHERE format = 'osv';
        """,
    ];

    /// <summary>Brings the schema of an open, writable database up to <see cref="CurrentVersion"/>.</summary>
    public static void Migrate(SqliteConnection connection, string path)
    {
        var version = ReadVersion(connection, path);
        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            using var transaction = connection.BeginTransaction();
            Sql.Execute(connection, Migrations[next - 1], transaction);

            // PRAGMA does not take parameters; the value is an integer we produced.
            Sql.Execute(connection, $"PRAGMA user_version = {next.ToString(System.Globalization.CultureInfo.InvariantCulture)}", transaction);
            Sql.Execute(connection, "INSERT OR REPLACE INTO metadata (key, value) VALUES ('schema_version', $v)", transaction, ("$v", next));
            transaction.Commit();
        }
    }

    /// <summary>Reads the schema version and refuses files written by a newer Gantry.</summary>
    public static int ReadVersion(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Sql.Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new EnvironmentException(
                $"vulnerability database {path}: schema version {version} is newer than this gantry supports ({CurrentVersion}); upgrade gantry");
        }

        return version;
    }
}
