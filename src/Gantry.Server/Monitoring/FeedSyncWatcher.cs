using Gantry.Server.Analysis;
using Gantry.Server.Configuration;

namespace Gantry.Server.Monitoring;

/// <summary>Runs the feed sync on its cycle (<see cref="ServerConfig.FeedSyncInterval"/>; zero disables it), on the engine's clock.</summary>
public sealed class FeedSyncWatcher(FeedSync feeds, ServerConfig config, TimeProvider timeProvider, ILogger<FeedSyncWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.FeedSyncInterval == TimeSpan.Zero)
        {
            logger.LogInformation("feed sync watcher disabled (feed_sync_interval 0)");
            return;
        }

        using var timer = new PeriodicTimer(config.FeedSyncInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await feeds.SyncAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                {
                    // A failed cycle is logged and tried again next cycle; it must not stop the service.
                    logger.LogError("feed sync failed: {Reason}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
