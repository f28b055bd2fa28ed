namespace Gantry.Server.Analysis;

/// <summary>Wakes a worker when work is queued, so it need not poll fast.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Notify() => _semaphore.Release();

    public void Dispose()
    {
        _semaphore.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits for a notification or for <paramref name="timeout"/> on <paramref name="clock"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_semaphore.WaitAsync(Timeout.Infinite, either.Token), Task.Delay(timeout, clock, either.Token)).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>Wakes the analysis workers when a job is queued.</summary>
public sealed class AnalysisSignal : WakeSignal;
