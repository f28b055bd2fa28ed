using Gantry.Server.Configuration;
using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// Elects one leader among the watcher processes sharing a state store: the holder of the <c>leader</c> lease, renewed
/// every third of <see cref="ServerConfig.LeaderLease"/>. A leader that dies stops renewing and another takes over when
/// the lease runs out; one that stops cleanly hands it over at once. A lease in the store (rather than a PostgreSQL
/// session lock) works on SQLite too and fences itself: a process that cannot renew stops leading when its lease
/// ends, even if it never hears that another has taken over.
/// </summary>
public sealed class LeaderElection(IStateStore store, ServerConfig config, TimeProvider clock, ILogger<LeaderElection> logger) : BackgroundService
{
    public const string LeaseName = "leader";

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private long _heldUntilTicks;

    /// <summary>True while this process holds an unexpired leader lease; false in a process without the watcher role.</summary>
    public bool IsLeader => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _heldUntilTicks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Campaign();
                await Task.Delay(config.LeaderLease / 3, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: hand the lease over below.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (IsLeader)
        {
            Interlocked.Exchange(ref _heldUntilTicks, 0);
            store.ReleaseLease(LeaseName, _holder);
            logger.LogInformation("leader: released the watcher lease (stopping)");
        }
    }

    /// <summary>One round, run every third of the lease: takes or renews it; a store that cannot be reached is logged and leaves the lease to run out.</summary>
    public void Campaign()
    {
        var wasLeader = IsLeader;
        var now = clock.GetUtcNow();
        var until = now + config.LeaderLease;
        try
        {
            if (store.TryAcquireLease(LeaseName, _holder, now, until))
            {
                Interlocked.Exchange(ref _heldUntilTicks, until.UtcTicks);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError("leader: cannot renew the watcher lease: {Reason}", ex.Message);
        }

        if (IsLeader != wasLeader)
        {
            logger.LogInformation("leader: this process {Change} the watchers ({Holder})", IsLeader ? "now leads" : "no longer leads", _holder);
        }
    }
}
