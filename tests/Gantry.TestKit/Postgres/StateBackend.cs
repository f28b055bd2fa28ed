namespace Gantry.TestKit.Postgres;

/// <summary>Where a service under test keeps its state: SQLite in its data folder, or a fresh database of the test run's PostgreSQL.</summary>
public enum StateBackend
{
    Sqlite,
    Postgres,
}

public static class StateBackends
{
    /// <summary>
    /// The connection string a service on <paramref name="backend"/> is given, or null for SQLite. It carries a password
    /// the server ignores (trust authentication), so a test can check the service never shows it.
    /// </summary>
    public static async Task<string?> ConnectionStringAsync(StateBackend backend) =>
        backend == StateBackend.Postgres ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() + ";Password=" + UnshownPassword : null;

    public const string UnshownPassword = "never-logged-secret";

    /// <summary>The registry-credential key every process sharing a PostgreSQL store is given (base64 of the bytes 0 to 31).</summary>
    public const string SharedSecretKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /// <summary>Adds what a <c>gantry serve</c> process on <paramref name="backend"/> needs to <paramref name="environment"/>: nothing for SQLite.</summary>
    public static async Task AddToAsync(IDictionary<string, string> environment, StateBackend backend)
    {
        if (await ConnectionStringAsync(backend) is { } postgres)
        {
            environment["GANTRY_POSTGRES"] = postgres;
            environment["GANTRY_SECRET_KEY"] = SharedSecretKey;
        }
    }
}
