using Gantry.Server.Configuration;
using Gantry.Server.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests;

public sealed class RegistryBudgetTests
{
    [Fact]
    public void Should_Allow_The_Configured_Requests_Per_Minute_Per_Registry_Host_And_Refill_Over_Time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var budget = new RegistryBudget(new ServerConfig { DataDirectory = "unused", WatcherRequestsPerMinute = 2 }, clock);

        var first = (budget.TryTake("registry.example:5000"), budget.TryTake("registry.example:5000/team"), budget.TryTake("registry.example:5000"));
        var otherHost = budget.TryTake("other.example");
        clock.Advance(TimeSpan.FromSeconds(29));
        var tooEarly = budget.TryTake("registry.example:5000");
        clock.Advance(TimeSpan.FromSeconds(1));
        var refilled = (budget.TryTake("registry.example:5000"), budget.TryTake("registry.example:5000"));
        clock.Advance(TimeSpan.FromHours(1));
        var capped = (budget.TryTake("registry.example:5000"), budget.TryTake("registry.example:5000"), budget.TryTake("registry.example:5000"));

        Assert.Equal((true, true, false), first);
        Assert.True(otherHost);
        Assert.False(tooEarly);
        Assert.Equal((true, false), refilled);
        Assert.Equal((true, true, false), capped);
    }
}
