using Gantry.Server.Storage;

namespace Gantry.Server.Monitoring;

/// <summary>
/// A leader's watcher whose cycle also holds a lease of its own in the state store, so two processes never run the
/// same cycle at once even while leadership changes hands; a process that finds the lease taken skips its turn.
/// </summary>
public abstract class LeasedWatcher(string name, IStateStore store, LeaderElection leader, TimeProvider timeProvider, ILogger logger)
    : PeriodicWatcher(name, timeProvider, logger, leader)
{
    protected IStateStore Store { get; } = store;

    /// <summary>Far longer than a cycle takes; only a holder that died leaves it to expire.</summary>
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(30);

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The cycle's work, run while holding the lease.</summary>
    protected abstract Task CycleAsync(CancellationToken cancellationToken);

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (!Store.TryAcquireLease(Name, _holder, now, now + LeaseTime))
        {
            Logger.LogInformation("{Watcher} skipped: another process holds the lease", Name);
            return;
        }

        try
        {
            await CycleAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Store.ReleaseLease(Name, _holder);
        }
    }

    /// <summary>Checks each subscription in turn; one that fails unexpectedly is logged and does not stop the others.</summary>
    protected async Task CheckEachAsync(string type, Func<SubscriptionRecord, Task> check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var subscription in Store.ListActiveSubscriptions(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await check(subscription).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                Logger.LogError("{Watcher}: {Type} {Key} of account {Account} failed: {Reason}", Name, type, subscription.Key, subscription.Account, ex.Message);
            }
        }
    }
}
