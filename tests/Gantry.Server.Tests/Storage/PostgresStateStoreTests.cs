using Gantry.Core;
using Gantry.Server.Analysis;
using Gantry.Server.Storage;
using Gantry.TestKit;
using Gantry.TestKit.Postgres;
using Npgsql;

namespace Gantry.Server.Tests.Storage;

/// <summary>The state store contract on PostgreSQL (a fresh database per test), with the analyses stored compressed in it.</summary>
public sealed class PostgresStateStoreTests : StateStoreContract
{
    private string _connectionString = null!;

    protected override int KnownSchemaVersion => 2;

    protected override async Task<(IStateStore Store, AnalysisStore Documents)> OpenAsync()
    {
        _connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var store = PostgresStateStore.Open(_connectionString, Clock);
        return (store, new DatabaseAnalysisStore(store));
    }

    protected override IStateStore Reopen() => PostgresStateStore.Open(_connectionString, Clock);

    protected override void RecordSchemaVersion(int version)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"INSERT INTO schema_version (version) VALUES ({version})", connection);
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Should_Migrate_Once_When_Many_Processes_Start_At_Once()
    {
        var fresh = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();

        var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresStateStore.Open(fresh, Clock))));

        foreach (var store in opened)
        {
            store.Dispose();
        }

        await using var connection = new NpgsqlConnection(fresh);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        Assert.Equal((long)KnownSchemaVersion, await command.ExecuteScalarAsync()); // each step recorded once
    }

    [Fact]
    public void Should_Name_An_Unreachable_Server_In_One_Line_Without_Its_Password()
    {
        var unreachable = $"Host=127.0.0.1;Port={LoopbackPorts.Free()};Database=gantry;Username=gantry;Password=hunter2;Timeout=3";

        var error = Assert.Throws<EnvironmentException>(() => PostgresStateStore.Open(unreachable, Clock));

        Assert.StartsWith("PostgreSQL 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("/gantry: cannot use the state store: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_Refuse_A_Malformed_Connection_String_Without_Echoing_It()
    {
        var error = Assert.Throws<InvalidInputException>(() => PostgresStateStore.Open("Host=db;Pasword=hunter2", Clock));

        Assert.StartsWith("postgres: the connection string is not valid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
