using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Microsoft.Data.Sqlite;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// Writes one source's records inside the caller's transaction with commands prepared once. It first removes what
/// the source wrote before, so re-importing a source replaces it instead of duplicating it.
/// </summary>
internal sealed class SourceWriter : IImportSink, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly string _source;
    private readonly Dictionary<string, string> _firstFileById = new(StringComparer.Ordinal);
    private readonly List<ImportIssue> _issues = [];
    private readonly SqliteCommand _insertVulnerability;
    private readonly SqliteCommand _insertAlias;
    private readonly SqliteCommand _insertAffected;
    private readonly SqliteCommand _insertCpe;
    private readonly SqliteCommand _insertKev;
    private readonly SqliteCommand _insertEpss;

    public SourceWriter(SqliteConnection connection, SqliteTransaction transaction, string source)
    {
        _connection = connection;
        _transaction = transaction;
        _source = source;
        DeleteSource();
        _insertVulnerability = Sql.Prepare(connection, transaction,
            "INSERT INTO vulnerabilities (id, source, severity, modified, withdrawn, record) VALUES ($id, $source, $severity, $modified, $withdrawn, $record) RETURNING pk",
            "$id", "$source", "$severity", "$modified", "$withdrawn", "$record");
        _insertAlias = Sql.Prepare(connection, transaction,
            "INSERT INTO aliases (alias, vulnerability) VALUES ($alias, $vulnerability)", "$alias", "$vulnerability");
        _insertAffected = Sql.Prepare(connection, transaction,
            "INSERT INTO affected (vulnerability, namespace, name, normalized_name, fix_state, severity, record) VALUES ($vulnerability, $namespace, $name, $normalized, $fix_state, $severity, $record)",
            "$vulnerability", "$namespace", "$name", "$normalized", "$fix_state", "$severity", "$record");
        _insertCpe = Sql.Prepare(connection, transaction,
            "INSERT INTO cpe_criteria (vulnerability, vendor, product, criteria, start_including, start_excluding, end_including, end_excluding, vulnerable) VALUES ($vulnerability, $vendor, $product, $criteria, $si, $se, $ei, $ee, $vulnerable)",
            "$vulnerability", "$vendor", "$product", "$criteria", "$si", "$se", "$ei", "$ee", "$vulnerable");
        _insertKev = Sql.Prepare(connection, transaction,
            "INSERT OR REPLACE INTO kev (cve, source, date_added, due_date, ransomware, name) VALUES ($cve, $source, $added, $due, $ransomware, $name)",
            "$cve", "$source", "$added", "$due", "$ransomware", "$name");
        _insertEpss = Sql.Prepare(connection, transaction,
            "INSERT OR REPLACE INTO epss (cve, source, score, percentile) VALUES ($cve, $source, $score, $percentile)",
            "$cve", "$source", "$score", "$percentile");
    }

    public long Records { get; private set; }

    public long Affected { get; private set; }

    public long Files { get; private set; }

    public void FileRead(string file) => Files++;

    public void Skip(string file, string reason) => _issues.Add(new ImportIssue(file, reason));

    public void Add(VulnerabilityRecord record, string file)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_firstFileById.TryAdd(record.Id, file))
        {
            Skip(file, $"duplicate record {record.Id} (already read from {_firstFileById[record.Id]})");
            return;
        }

        var vulnerability = record.Vulnerability;
        Set(_insertVulnerability, record.Id, _source, (int)vulnerability.Severity, Timestamp(vulnerability.Modified),
            Timestamp(vulnerability.Withdrawn), JsonSerializer.Serialize(vulnerability with { Epss = null, Kev = false }, StoreJson.Default.Vulnerability));
        var pk = (long)_insertVulnerability.ExecuteScalar()!;
        foreach (var alias in vulnerability.Aliases.Distinct(StringComparer.Ordinal))
        {
            Set(_insertAlias, alias, pk);
            _insertAlias.ExecuteNonQuery();
        }

        foreach (var affected in record.Affected)
        {
            Set(_insertAffected, pk, affected.Namespace, affected.Name, affected.NormalizedName, FixStates.ToWire(affected.FixState),
                affected.Severity is { } severity ? (int)severity : null, JsonSerializer.Serialize(AffectedBlob.From(affected), StoreJson.Default.AffectedBlob));
            _insertAffected.ExecuteNonQuery();
            Affected++;
        }

        foreach (var cpe in record.Cpes)
        {
            Set(_insertCpe, pk, cpe.Vendor, cpe.Product, cpe.Criteria, cpe.VersionStartIncluding, cpe.VersionStartExcluding,
                cpe.VersionEndIncluding, cpe.VersionEndExcluding, cpe.Vulnerable ? 1 : 0);
            _insertCpe.ExecuteNonQuery();
        }

        Records++;
    }

    public void Add(KevEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Set(_insertKev, entry.CveId, _source, Date(entry.DateAdded), Date(entry.DueDate), entry.KnownRansomwareUse ? 1 : 0, entry.Name);
        _insertKev.ExecuteNonQuery();
        Records++;
    }

    public void Add(EpssScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        Set(_insertEpss, score.CveId, _source, score.Score, score.Percentile);
        _insertEpss.ExecuteNonQuery();
        Records++;
    }

    /// <summary>Records the source's summary and its import issues; returns the summary.</summary>
    public SourceSummary Complete(string format, string location, string? checksum, DateTimeOffset updated)
    {
        var summary = new SourceSummary(_source, format, location, updated, Records, Affected, Files, _issues.Count, checksum);
        Sql.Execute(_connection,
            "INSERT OR REPLACE INTO sources (name, format, location, updated, records, affected, files, skipped, checksum) VALUES ($n, $f, $l, $u, $r, $a, $files, $s, $c)",
            _transaction, ("$n", _source), ("$f", format), ("$l", location), ("$u", Timestamp(updated)), ("$r", Records), ("$a", Affected),
            ("$files", Files), ("$s", (long)_issues.Count), ("$c", checksum));
        using var insertIssue = Sql.Prepare(_connection, _transaction,
            "INSERT INTO import_issues (source, file, reason) VALUES ($source, $file, $reason)", "$source", "$file", "$reason");
        foreach (var issue in _issues)
        {
            Set(insertIssue, _source, issue.File, issue.Reason);
            insertIssue.ExecuteNonQuery();
        }

        return summary;
    }

    public void Dispose()
    {
        _insertVulnerability.Dispose();
        _insertAlias.Dispose();
        _insertAffected.Dispose();
        _insertCpe.Dispose();
        _insertKev.Dispose();
        _insertEpss.Dispose();
    }

    internal static string? Timestamp(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private void DeleteSource()
    {
        (string Name, object? Value) source = ("$source", _source);
        Sql.Execute(_connection, "DELETE FROM aliases WHERE vulnerability IN (SELECT pk FROM vulnerabilities WHERE source = $source)", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM affected WHERE vulnerability IN (SELECT pk FROM vulnerabilities WHERE source = $source)", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM cpe_criteria WHERE vulnerability IN (SELECT pk FROM vulnerabilities WHERE source = $source)", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM vulnerabilities WHERE source = $source", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM kev WHERE source = $source", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM epss WHERE source = $source", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM import_issues WHERE source = $source", _transaction, source);
        Sql.Execute(_connection, "DELETE FROM sources WHERE name = $source", _transaction, source);
    }
}
