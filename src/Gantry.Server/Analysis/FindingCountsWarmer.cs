using Gantry.Core;
using Gantry.Server.Images;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>
/// Counts, in the background, every analyzed image whose stored counts are not of the database in use: at start and
/// right after each database switch (<see cref="VulnerabilityDatabase.Switched"/>). Until an image is counted again the
/// images table shows its earlier counts, marked as such, and never matches SBOMs itself.
/// </summary>
public sealed class FindingCountsWarmer : BackgroundService
{
    private readonly IStateStore _store;
    private readonly FindingCounts _counts;
    private readonly VulnerabilityDatabase _database;
    private readonly ILogger<FindingCountsWarmer> _logger;
    private readonly TimeProvider _clock;
    private readonly WakeSignal _switched = new();
    private int _pending;

    public FindingCountsWarmer(IStateStore store, FindingCounts counts, VulnerabilityDatabase database, TimeProvider clock, ILogger<FindingCountsWarmer> logger)
    {
        (_store, _counts, _database, _clock, _logger) = (store, counts, database, clock, logger);
        database.Switched += _ => _switched.Notify();
    }

    /// <summary>Images still to count in the current pass (0 when every image's counts are of the database in use).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public override void Dispose()
    {
        _switched.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A pass matches hundreds of SBOMs for seconds: on a thread of its own, not one of the pool's the pages are served
                // from (on two cores, a pool thread held that long made the next page wait for the pool to grow).
                await Task.Factory.StartNew(() => PassSafely(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                    .ConfigureAwait(false);
                await _switched.WaitAsync(Timeout.InfiniteTimeSpan, _clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the next start counts what is left.
        }
    }

    /// <summary>A failed pass (the state store busy, say) is logged; the next switch or start tries again, and the table shows the earlier counts meanwhile.</summary>
    private void PassSafely(CancellationToken cancellationToken)
    {
        try
        {
            Pass(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            Volatile.Write(ref _pending, 0);
            _logger.LogError("counting findings failed: {Reason}", ex.Message);
        }
    }

    private void Pass(CancellationToken cancellationToken)
    {
        if (_database.Current is not { } db)
        {
            return;
        }

        var stale = _store.ListAccounts(null).SelectMany(a => Stale(a.Name, db.BuildId)).Distinct(StringComparer.Ordinal).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        var started = _clock.GetTimestamp();
        Volatile.Write(ref _pending, stale.Count);
        var failed = 0;
        foreach (var digest in stale)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _counts.Count(digest, cancellationToken);
            }
            catch (Exception ex) when (ex is GantryException or IOException)
            {
                // Its documents gone (purged meanwhile): nothing to count; the others go on.
                failed++;
                _logger.LogWarning("findings of {Digest} not counted: {Reason}", digest, ex.Message);
            }

            Interlocked.Decrement(ref _pending);
        }

        _logger.LogInformation("findings counted for {Images} image(s) against database build {Build} in {Seconds:F1} s ({Failed} failed)", stale.Count - failed,
            db.BuildId, _clock.GetElapsedTime(started).TotalSeconds, failed);
    }

    private IEnumerable<string> Stale(string account, string build)
    {
        var stored = _store.ListFindingCounts(account).Where(c => c.DatabaseBuild == build).Select(c => c.Digest).ToHashSet(StringComparer.Ordinal);
        return _store.ListImages(account).Where(i => i.ImageStatus == ImageCatalog.Active && i.AnalysisStatus == ImageCatalog.Analyzed && !stored.Contains(i.Digest))
            .Select(i => i.Digest);
    }
}
