using System.Globalization;
using System.Net.Sockets;
using Gantry.Core;
using Npgsql;

namespace Gantry.Server.Storage;

/// <summary>
/// The state store in a PostgreSQL database many processes share: the same contract and hand-written SQL as
/// <see cref="SqliteStateStore"/>, with row locks where SQLite relies on its single writer (jobs and notifications are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>). Each call takes a pooled connection; multi-step changes run in one transaction.
/// </summary>
public sealed partial class PostgresStateStore : IStateStore, IDisposable
{
    /// <summary>The advisory lock every starting process takes to migrate, so a fleet starting at once migrates once.</summary>
    private const long MigrationLock = 0x47616e747279; // "Gantry"

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _clock;

    private PostgresStateStore(NpgsqlDataSource source, TimeProvider clock)
    {
        _source = source;
        _clock = clock;
    }

    /// <summary>
    /// Connects and brings the schema up to date; a bad connection string or an unreachable server is a one-line
    /// <see cref="GantryException"/> that names the server (host, port, database), never the connection string.
    /// </summary>
    public static PostgresStateStore Open(string connectionString, TimeProvider clock)
    {
        var server = Describe(connectionString);
        var store = new PostgresStateStore(NpgsqlDataSource.Create(connectionString), clock);
        try
        {
            store.Migrate();
            return store;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            store.Dispose();
            throw new EnvironmentException($"PostgreSQL {server}: cannot use the state store: {ex.Message.Split('\n')[0]}", ex);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Where the store is, for logs and errors: host, port and database only (the connection string may hold a password).</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // The message may quote a value of the string, so only what kind of mistake it is is shown.
            throw new InvalidInputException($"postgres: the connection string is not valid ({ex.GetType().Name}); expected e.g. 'Host=db;Database=gantry;Username=gantry'");
        }
    }

    public void Dispose() => _source.Dispose();

    private void Migrate()
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        // Held until the commit: a second process waits here, then finds the schema up to date.
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLock));
        SchemaMigrator.Apply(connection, transaction, PostgresMigrations.Steps);
        transaction.Commit();
    }

    public bool IsInitialized()
    {
        using var connection = Connect();
        return Scalar(connection, null, "SELECT EXISTS (SELECT 1 FROM accounts)") is true;
    }

    public void AddAccount(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var connection = Connect();
        Execute(connection, null,
            "INSERT INTO accounts (name, email, type, state, created_at, last_updated) VALUES (@name, @email, @type, @state, @created, @updated)",
            ("@name", account.Name), ("@email", account.Email), ("@type", account.Type), ("@state", account.State),
            ("@created", account.CreatedAt), ("@updated", account.LastUpdated));
    }

    public AccountRecord? GetAccount(string name) =>
        QueryAccounts("SELECT * FROM accounts WHERE name = @name", ("@name", name)).FirstOrDefault();

    public IReadOnlyList<AccountRecord> ListAccounts(string? state) =>
        QueryAccounts("SELECT * FROM accounts WHERE @state::text IS NULL OR state = @state ORDER BY name", ("@state", state));

    public void SetAccountState(string name, string state)
    {
        using var connection = Connect();
        Execute(connection, null, "UPDATE accounts SET state = @state, last_updated = @now WHERE name = @name",
            ("@state", state), ("@now", _clock.GetUtcNow()), ("@name", name));
    }

    public void DeleteAccount(string name)
    {
        using var connection = Connect();
        Execute(connection, null, "DELETE FROM accounts WHERE name = @name", ("@name", name));
    }

    public void AddUser(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var connection = Connect();
        Execute(connection, null,
            "INSERT INTO users (username, account, password_hash, type, source, created_at, last_updated) VALUES (@u, @a, @h, @t, @s, @c, @l)",
            ("@u", user.Username), ("@a", user.Account), ("@h", user.PasswordHash), ("@t", user.Type), ("@s", user.Source),
            ("@c", user.CreatedAt), ("@l", user.LastUpdated));
    }

    public UserRecord? GetUser(string username) =>
        QueryUsers("SELECT * FROM users WHERE username = @u", ("@u", username)).FirstOrDefault();

    public IReadOnlyList<UserRecord> ListUsers(string account) =>
        QueryUsers("SELECT * FROM users WHERE account = @a ORDER BY username", ("@a", account));

    public void SetPassword(string username, string passwordHash)
    {
        using var connection = Connect();
        Execute(connection, null, "UPDATE users SET password_hash = @h, last_updated = @now WHERE username = @u",
            ("@h", passwordHash), ("@now", _clock.GetUtcNow()), ("@u", username));
    }

    public bool DeleteUser(string username)
    {
        using var connection = Connect();
        return Execute(connection, null, "DELETE FROM users WHERE username = @u", ("@u", username)) > 0;
    }

    private List<AccountRecord> QueryAccounts(string sql, params (string, object?)[] parameters) =>
        Query(sql, r => new AccountRecord(r.Text("name"), r.NullableText("email"), r.Text("type"), r.Text("state"), r.Time("created_at"), r.Time("last_updated")),
            parameters);

    private List<UserRecord> QueryUsers(string sql, params (string, object?)[] parameters) =>
        Query(sql, r => new UserRecord(r.Text("username"), r.Text("account"), r.Text("password_hash"), r.Text("type"), r.Text("source"),
            r.Time("created_at"), r.Time("last_updated")), parameters);

    private NpgsqlConnection Connect() => _source.OpenConnection();

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns true.</summary>
    private bool InTransaction(Func<NpgsqlConnection, NpgsqlTransaction, bool> work)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        if (!work(connection, transaction))
        {
            return false;
        }

        transaction.Commit();
        return true;
    }

    private List<T> Query<T>(string sql, Func<Row, T> map, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        return Query(connection, null, sql, map, parameters);
    }

    private static List<T> Query<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<Row, T> map,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return StateCommands.Query(command, reader => new Row(reader), map);
    }

    private static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>timestamptz takes UTC only.</summary>
    private static System.Data.Common.DbCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        (string Name, object? Value)[] parameters) =>
        StateCommands.Create(connection, transaction, sql, parameters, value => value is DateTimeOffset time ? time.ToUniversalTime() : value);

    private static int Count(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    /// <summary>Booleans and times are typed columns in PostgreSQL.</summary>
    private sealed class Row(System.Data.Common.DbDataReader reader) : StateRow(reader)
    {
        public bool Bool(string column) => Reader.GetBoolean(Reader.GetOrdinal(column));

        public DateTimeOffset Time(string column) => Reader.GetFieldValue<DateTimeOffset>(Reader.GetOrdinal(column));

        public DateTimeOffset? NullableTime(string column)
        {
            var ordinal = Reader.GetOrdinal(column);
            return Reader.IsDBNull(ordinal) ? null : Reader.GetFieldValue<DateTimeOffset>(ordinal);
        }
    }
}
