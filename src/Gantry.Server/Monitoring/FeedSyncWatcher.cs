using Gantry.Server.Analysis;
using Gantry.Server.Configuration;

namespace Gantry.Server.Monitoring;

/// <summary>Runs the feed sync on its cycle (<see cref="ServerConfig.FeedSyncInterval"/>; zero disables it), on the engine's clock.</summary>
public sealed class FeedSyncWatcher(FeedSync feeds, ServerConfig config, TimeProvider timeProvider, ILogger<FeedSyncWatcher> logger)
    : PeriodicWatcher("feed sync watcher", timeProvider, logger)
{
    protected override TimeSpan Interval => config.FeedSyncInterval;

    public override Task RunOnceAsync(CancellationToken cancellationToken) => feeds.SyncAsync(cancellationToken);
}
