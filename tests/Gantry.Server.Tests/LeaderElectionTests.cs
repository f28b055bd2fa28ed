using Gantry.Server.Configuration;
using Gantry.Server.Monitoring;
using Gantry.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests;

/// <summary>
/// The watcher leader's lease on a virtual clock, with the campaign rounds run directly (as the loop runs them every
/// third of the lease): one leader at a time, takeover after a death, hand-over on a clean stop.
/// </summary>
public sealed class LeaderElectionTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-leader-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SqliteStateStore _store;
    private readonly ServerConfig _config;

    public LeaderElectionTests()
    {
        _store = SqliteStateStore.Open(Path.Combine(_folder, "state.db"), _clock);
        _config = new ServerConfig { DataDirectory = _folder, LeaderLease = Lease };
    }

    [Fact]
    public void Should_Let_Only_The_First_Process_Lead_While_It_Renews()
    {
        using var first = Elect();
        using var second = Elect();
        for (var i = 0; i < 9; i++)
        {
            Round(first, second);
            Assert.True(first.IsLeader);
            Assert.False(second.IsLeader);
        }
    }

    [Fact]
    public void Should_Take_Over_Within_A_Lease_And_A_Round_When_The_Leader_Dies_And_Fence_The_Dead_One()
    {
        using var first = Elect();
        using var second = Elect();
        Round(first, second);
        var rounds = 0;
        while (!second.IsLeader && rounds < 6)
        {
            Round(second); // the first died: it neither renews nor releases
            rounds++;
        }

        Assert.True(second.IsLeader);
        Assert.Equal(3, rounds); // the lease lasts 3 rounds: it has run out when the 3rd round starts, which takes it
        Assert.False(first.IsLeader);
    }

    [Fact]
    public async Task Should_Hand_The_Lead_Over_At_The_Next_Round_When_The_Leader_Stops_Cleanly()
    {
        using var first = Elect();
        using var second = Elect();
        Round(first, second);
        await first.StopAsync(CancellationToken.None);
        Round(second);

        Assert.False(first.IsLeader);
        Assert.True(second.IsLeader);
    }

    [Fact]
    public void Should_Stop_Leading_When_Its_Lease_Runs_Out_Unrenewed()
    {
        using var first = Elect();
        first.Campaign();
        _clock.Advance(Lease - TimeSpan.FromTicks(1));
        Assert.True(first.IsLeader);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(first.IsLeader);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LeaderElection Elect() => new(_store, _config, _clock, NullLogger<LeaderElection>.Instance);

    /// <summary>One campaign round of each election, then a third of the lease passes.</summary>
    private void Round(params LeaderElection[] elections)
    {
        foreach (var election in elections)
        {
            election.Campaign();
        }

        _clock.Advance(Lease / 3);
    }
}
