using Gantry.Server.Analysis;
using Gantry.Server.Images;
using Gantry.Server.Monitoring;

namespace Gantry.Server.Hosting;

/// <summary>The periodic purge of deleted images (the engine's image_gc), run by the process leading the watchers.</summary>
public sealed class Maintenance(ImageCatalog catalog, AnalysisStore documents, LeaderElection leader, TimeProvider timeProvider, ILogger<Maintenance> logger)
    : BackgroundService
{
    private static readonly TimeSpan GarbageInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(GarbageInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (leader.IsLeader)
                {
                    RunSafely("image purge", () => catalog.CollectGarbage(documents));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>A failed pass is logged and tried again next cycle; it must not stop the service.</summary>
    private void RunSafely(string name, Action pass)
    {
        try
        {
            pass();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError("{Pass} failed: {Reason}", name, ex.Message);
        }
    }
}
