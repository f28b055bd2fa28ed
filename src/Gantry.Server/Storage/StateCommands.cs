using System.Data.Common;
using System.Globalization;

namespace Gantry.Server.Storage;

/// <summary>
/// The ADO.NET plumbing the SQLite and PostgreSQL stores and their migrations share: a command with named parameters,
/// and its rows read through a store's typed row.
/// </summary>
internal static class StateCommands
{
    /// <summary>The command; <paramref name="bind"/> turns a non-null value into what the provider stores (null: as it is).</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters,
        Func<object, object>? bind = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value is null ? DBNull.Value : bind?.Invoke(value) ?? value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Every row of the command, each read through <paramref name="row"/> (one reader over the result).</summary>
    public static List<T> Query<TRow, T>(DbCommand command, Func<DbDataReader, TRow> row, Func<TRow, T> map)
    {
        using var reader = command.ExecuteReader();
        var current = row(reader);
        var results = new List<T>();
        while (reader.Read())
        {
            results.Add(map(current));
        }

        return results;
    }
}

/// <summary>Typed reads of the current row by column name; a store adds how it keeps booleans and times.</summary>
internal abstract class StateRow(DbDataReader reader)
{
    protected DbDataReader Reader { get; } = reader;

    public string Text(string column) => Reader.GetString(Reader.GetOrdinal(column));

    public string? NullableText(string column)
    {
        var ordinal = Reader.GetOrdinal(column);
        return Reader.IsDBNull(ordinal) ? null : Reader.GetString(ordinal);
    }

    public long Long(string column) => Convert.ToInt64(Reader.GetValue(Reader.GetOrdinal(column)), CultureInfo.InvariantCulture);

    public byte[] Bytes(string column) => Reader.GetFieldValue<byte[]>(Reader.GetOrdinal(column));
}
