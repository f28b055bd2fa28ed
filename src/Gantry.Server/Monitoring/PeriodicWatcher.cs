namespace Gantry.Server.Monitoring;

/// <summary>
/// A watcher that runs <see cref="RunOnceAsync"/> every <see cref="Interval"/> on the engine's clock; a zero interval
/// disables the cycle (the work can still be run directly). A failed cycle is logged and tried again next cycle. Given
/// a <paramref name="leader"/>, its cycles run only in the process that leads the watchers.
/// </summary>
public abstract class PeriodicWatcher(string name, TimeProvider timeProvider, ILogger logger, LeaderElection? leader = null) : BackgroundService
{
    protected string Name { get; } = name;

    protected TimeProvider Clock { get; } = timeProvider;

    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One cycle of the watcher's work.</summary>
    public abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval == TimeSpan.Zero)
        {
            Logger.LogInformation("{Watcher} disabled (interval 0)", Name);
            return;
        }

        using var timer = new PeriodicTimer(Interval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (leader is { IsLeader: false })
                {
                    continue;
                }

                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                {
                    // It must not stop the service.
                    Logger.LogError("{Watcher} failed: {Reason}", Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
