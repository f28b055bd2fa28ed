using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// A read statement compiled once and run through SQLite's own API, for the lookups a scan runs thousands of times:
/// parameters are bound by position (Microsoft.Data.Sqlite resolves each one by name on every execution) and columns
/// are read as UTF-8 spans, so a JSON column goes to the reader without becoming a string first.
/// </summary>
internal sealed class RawQuery : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public RawQuery(SqliteConnection connection, string sql)
    {
        _database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
    }

    /// <summary>Starts a new run with these values for <c>?1</c>, <c>?2</c>…</summary>
    public RawQuery Run(params ReadOnlySpan<string> values)
    {
        Check(raw.sqlite3_reset(_statement));
        for (var i = 0; i < values.Length; i++)
        {
            Check(raw.sqlite3_bind_text(_statement, i + 1, values[i]));
        }

        return this;
    }

    /// <summary>Moves to the next row; false when there is none.</summary>
    public bool Next()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
        return false;
    }

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>The column's bytes: for a TEXT column, its UTF-8, valid until the next <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public int Int32(int column) => raw.sqlite3_column_int(_statement, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_database).utf8_to_string(), result);
        }
    }
}
