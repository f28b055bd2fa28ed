namespace Gantry.Server.Analysis;

/// <summary>Wakes the analysis workers when a job is queued, so they need not poll fast.</summary>
public sealed class AnalysisSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Notify() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
