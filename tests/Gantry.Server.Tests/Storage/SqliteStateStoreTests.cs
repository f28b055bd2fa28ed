using Gantry.Server.Analysis;
using Gantry.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Gantry.Server.Tests.Storage;

/// <summary>The state store contract on SQLite, with the analyses as files in the data folder.</summary>
public sealed class SqliteStateStoreTests : StateStoreContract
{
    private string StatePath => Path.Combine(Work, "state.db");

    protected override int KnownSchemaVersion => 4;

    protected override Task<(IStateStore Store, AnalysisStore Documents)> OpenAsync() =>
        Task.FromResult<(IStateStore, AnalysisStore)>((SqliteStateStore.Open(StatePath, Clock), new FileAnalysisStore(Work)));

    protected override IStateStore Reopen() => SqliteStateStore.Open(StatePath, Clock);

    protected override void RecordSchemaVersion(int version)
    {
        using var connection = new SqliteConnection($"Data Source={StatePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO schema_version (version) VALUES ({version})";
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Should_Let_Any_Worker_Claim_A_Job_Left_Running_Before_Leases_Existed()
    {
        // Schema 2 had no leases: a job a process was running when it was upgraded has none, and is claimable at once.
        Store.EnqueueAnalysis(new AnalysisJob("sha256:aa", "docker.io/team/app:1", "admin", 0));
        using (var connection = new SqliteConnection($"Data Source={StatePath};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE analysis_jobs SET state = 'running', worker = NULL, lease_until = NULL";
            command.ExecuteNonQuery();
        }

        Assert.Equal("sha256:aa", Store.ClaimJob("w1", Start, Start.AddMinutes(5))?.Digest);
    }
}
