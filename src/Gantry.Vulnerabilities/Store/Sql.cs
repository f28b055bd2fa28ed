using Microsoft.Data.Sqlite;

namespace Gantry.Vulnerabilities.Store;

/// <summary>Small helpers over Microsoft.Data.Sqlite so that call sites read as the SQL they run.</summary>
internal static class Sql
{
    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, sql, transaction, parameters);
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, sql, transaction, parameters);
        return command.ExecuteScalar();
    }

    public static long Count(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(Scalar(connection, sql, null, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public static SqliteCommand Create(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>A command compiled once and run many times with new parameter values (bulk import, per-package lookups).</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
