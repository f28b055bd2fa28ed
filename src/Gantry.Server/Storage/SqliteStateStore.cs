using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gantry.Server.Storage;

/// <summary>
/// The state store in one SQLite file (WAL, so readers never wait for the analysis writer). Hand-written SQL; each
/// call opens a pooled connection, and multi-step changes run in one immediate transaction.
/// </summary>
public sealed partial class SqliteStateStore : IStateStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    private SqliteStateStore(string path, TimeProvider clock)
    {
        _clock = clock;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Opens (creating when missing) the store and brings its schema up to date; <paramref name="clock"/> stamps its changes.</summary>
    public static SqliteStateStore Open(string path, TimeProvider clock)
    {
        var store = new SqliteStateStore(path, clock);
        store.Migrate();
        return store;
    }

    private void Migrate()
    {
        using var connection = Connect();
        Execute(connection, null, "PRAGMA journal_mode = WAL");
        using var transaction = connection.BeginTransaction(deferred: false);
        SchemaMigrator.Apply(connection, transaction, SqliteMigrations.Steps);
        transaction.Commit();
    }

    public bool IsInitialized()
    {
        using var connection = Connect();
        return Convert.ToInt64(Scalar(connection, null, "SELECT COUNT(*) FROM accounts"), CultureInfo.InvariantCulture) > 0;
    }

    public void AddAccount(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var connection = Connect();
        Execute(connection, null,
            "INSERT INTO accounts (name, email, type, state, created_at, last_updated) VALUES ($name, $email, $type, $state, $created, $updated)",
            ("$name", account.Name), ("$email", account.Email), ("$type", account.Type), ("$state", account.State),
            ("$created", Time(account.CreatedAt)), ("$updated", Time(account.LastUpdated)));
    }

    public AccountRecord? GetAccount(string name) =>
        QueryAccounts("SELECT * FROM accounts WHERE name = $name", ("$name", name)).FirstOrDefault();

    public IReadOnlyList<AccountRecord> ListAccounts(string? state) =>
        QueryAccounts("SELECT * FROM accounts WHERE $state IS NULL OR state = $state ORDER BY name", ("$state", state));

    public void SetAccountState(string name, string state)
    {
        using var connection = Connect();
        Execute(connection, null, "UPDATE accounts SET state = $state, last_updated = $now WHERE name = $name",
            ("$state", state), ("$now", Time(_clock.GetUtcNow())), ("$name", name));
    }

    public void DeleteAccount(string name)
    {
        using var connection = Connect();
        Execute(connection, null, "DELETE FROM accounts WHERE name = $name", ("$name", name));
    }

    public void AddUser(UserRecord user)
    {
        ArgumentNullException.ThrowIfNull(user);
        using var connection = Connect();
        Execute(connection, null,
            "INSERT INTO users (username, account, password_hash, type, source, created_at, last_updated) VALUES ($u, $a, $h, $t, $s, $c, $l)",
            ("$u", user.Username), ("$a", user.Account), ("$h", user.PasswordHash), ("$t", user.Type), ("$s", user.Source),
            ("$c", Time(user.CreatedAt)), ("$l", Time(user.LastUpdated)));
    }

    public UserRecord? GetUser(string username) =>
        QueryUsers("SELECT * FROM users WHERE username = $u", ("$u", username)).FirstOrDefault();

    public IReadOnlyList<UserRecord> ListUsers(string account) =>
        QueryUsers("SELECT * FROM users WHERE account = $a ORDER BY username", ("$a", account));

    public void SetPassword(string username, string passwordHash)
    {
        using var connection = Connect();
        Execute(connection, null, "UPDATE users SET password_hash = $h, last_updated = $now WHERE username = $u",
            ("$h", passwordHash), ("$now", Time(_clock.GetUtcNow())), ("$u", username));
    }

    public bool DeleteUser(string username)
    {
        using var connection = Connect();
        return Execute(connection, null, "DELETE FROM users WHERE username = $u", ("$u", username)) > 0;
    }

    private List<AccountRecord> QueryAccounts(string sql, params (string, object?)[] parameters) =>
        Query(sql, r => new AccountRecord(r.Text("name"), r.NullableText("email"), r.Text("type"), r.Text("state"), r.Time("created_at"), r.Time("last_updated")),
            parameters);

    private List<UserRecord> QueryUsers(string sql, params (string, object?)[] parameters) =>
        Query(sql, r => new UserRecord(r.Text("username"), r.Text("account"), r.Text("password_hash"), r.Text("type"), r.Text("source"),
            r.Time("created_at"), r.Time("last_updated")), parameters);

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private List<T> Query<T>(string sql, Func<Row, T> map, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        return Query(connection, null, sql, map, parameters);
    }

    private static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<Row, T> map,
        params (string Name, object? Value)[] parameters)
    {
        using var command = StateCommands.Create(connection, transaction, sql, parameters);
        return StateCommands.Query(command, reader => new Row(reader), map);
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = StateCommands.Create(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = StateCommands.Create(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>Stored times sort as text: UTC, fixed width, seven fractional digits.</summary>
    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    /// <summary>Booleans are integers and times ISO 8601 text in SQLite.</summary>
    private sealed class Row(System.Data.Common.DbDataReader reader) : StateRow(reader)
    {
        public bool Bool(string column) => Long(column) != 0;

        public DateTimeOffset Time(string column) =>
            DateTimeOffset.Parse(Text(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public DateTimeOffset? NullableTime(string column) => NullableText(column) is null ? null : Time(column);
    }
}
