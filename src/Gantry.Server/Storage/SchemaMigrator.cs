using System.Data.Common;
using System.Globalization;
using Gantry.Core;

namespace Gantry.Server.Storage;

/// <summary>
/// Applies the numbered schema steps a store has not applied yet and records each in <c>schema_version</c>, inside the
/// caller's transaction (and, on PostgreSQL, its advisory lock), so concurrent starts migrate once. The same code for
/// both backends: both read <c>@name</c> parameters.
/// </summary>
internal static class SchemaMigrator
{
    public static void Apply(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> steps)
    {
        Run(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", null, c => c.ExecuteNonQuery());
        var current = Convert.ToInt32(Run(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", null, c => c.ExecuteScalar()),
            CultureInfo.InvariantCulture);
        if (current > steps.Count)
        {
            // A newer gantry migrated this store: running older code on it could corrupt what it does not know.
            throw new EnvironmentException($"state store schema version {current} is newer than this gantry (knows {steps.Count}): upgrade gantry");
        }

        for (var step = current; step < steps.Count; step++)
        {
            Run(connection, transaction, steps[step], null, c => c.ExecuteNonQuery());
            Run(connection, transaction, "INSERT INTO schema_version (version) VALUES (@v)", step + 1, c => c.ExecuteNonQuery());
        }
    }

    private static object? Run(DbConnection connection, DbTransaction transaction, string sql, int? version, Func<DbCommand, object?> execute)
    {
        using var command = StateCommands.Create(connection, transaction, sql, version is { } v ? [("@v", v)] : []);
        return execute(command);
    }
}
