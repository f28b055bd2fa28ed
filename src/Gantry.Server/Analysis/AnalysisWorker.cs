using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Hosting;
using Gantry.Server.Images;
using Gantry.Server.Notifications;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>
/// Takes analysis jobs from the durable queue and runs them: pull and analyze once per digest, store the documents,
/// then mark every waiting image analyzed (or failed, with the reason in an event) in one transaction. A job is leased
/// to this worker and the lease renewed while it runs, so processes sharing one database never run a job twice and a
/// job whose worker died is taken over after its lease. On shutdown the job in hand is cancelled and handed back.
/// </summary>
public sealed class AnalysisWorker(IStateStore store, GantryEngine engine, AnalysisStore documents, AccountRegistries registries, EventFactory events,
    AnalysisUpdates updates, FindingCounts counts, AnalysisSignal signal, ServerMetrics metrics, ServerConfig config, ILogger<AnalysisWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);

    private static int _instances;

    /// <summary>Unique among every worker sharing the store: host, process, and the worker's number in the process.</summary>
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}:{Interlocked.Increment(ref _instances)}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = engine.Clock.GetUtcNow();
            var job = store.ClaimJob(_worker, now, now + config.JobLease);
            if (job is null)
            {
                try
                {
                    await signal.WaitAsync(IdlePoll, engine.Clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await RunAsync(job, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(AnalysisJob job, CancellationToken stoppingToken)
    {
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var finished = new CancellationTokenSource();
        var renewing = RenewLeaseAsync(job, leaseLost, finished.Token);
        try
        {
            await AnalyzeAsync(job, leaseLost.Token, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await finished.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }
    }

    private async Task AnalyzeAsync(AnalysisJob job, CancellationToken cancellationToken, CancellationToken stoppingToken)
    {
        var started = engine.Clock.GetTimestamp();
        var registry = AnchoreReference.Parse(job.PullString).Registry;
        try
        {
            var analyzed = await engine.StoredImages.AnalyzeAsync(job.PullString, registries.For(job.Account, registry), cancellationToken).ConfigureAwait(false);
            documents.Save(job.Digest, analyzed);
            var sbom = analyzed.Sbom;
            var completed = new List<ImageRecord>();
            var held = store.CompleteAnalysis(
                new AnalysisRecord(job.Digest, Digest.Parse(sbom.Source.ConfigDigest!).Hex, sbom.Source.Architecture, sbom.Distro?.Id, sbom.Distro?.VersionId,
                    sbom.Source.Layers.Count, sbom.Files.TotalSize, "Guessed", engine.Clock.GetUtcNow()),
                _worker,
                image =>
                {
                    completed.Add(image);
                    return events.AnalysisCompletedFor(image);
                });
            if (!held)
            {
                LogLeaseLost(job);
                return;
            }

            // Notified after the transaction committed, so a rolled-back completion never announces itself.
            completed.ForEach(updates.Completed);
            CountFindings(job.Digest, cancellationToken);
            metrics.AnalysisFinished("analyzed", engine.Clock.GetElapsedTime(started));
            logger.LogInformation("job analyze {Digest}: analyzed in {Seconds:F1} s (attempt {Attempt}, {Packages} packages)", job.Digest,
                engine.Clock.GetElapsedTime(started).TotalSeconds, job.Attempts, sbom.Packages.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the job goes back to the queue, for another worker now or this one after the restart.
            store.ReleaseJob(job.Digest, _worker);
            logger.LogInformation("job analyze {Digest}: interrupted by shutdown, handed back to the queue", job.Digest);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogLeaseLost(job);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex is GantryException or HttpRequestException or IOException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            if (!store.FailAnalysis(job.Digest, _worker, image => events.AnalysisFailedFor(image, reason)))
            {
                LogLeaseLost(job);
                return;
            }

            metrics.AnalysisFinished("analysis_failed", engine.Clock.GetElapsedTime(started));
            logger.LogWarning("job analyze {Digest}: failed after {Seconds:F1} s: {Reason}", job.Digest, engine.Clock.GetElapsedTime(started).TotalSeconds, reason);
        }
    }

    /// <summary>Renews the job's lease every third of it until <paramref name="finished"/>; cancels the job when another worker has taken it over.</summary>
    private async Task RenewLeaseAsync(AnalysisJob job, CancellationTokenSource leaseLost, CancellationToken finished)
    {
        using var timer = new PeriodicTimer(config.JobLease / 3, engine.Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(finished).ConfigureAwait(false))
            {
                try
                {
                    if (!store.RenewJobLease(job.Digest, _worker, engine.Clock.GetUtcNow() + config.JobLease))
                    {
                        await leaseLost.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                {
                    // The store may be back before the lease runs out: keep the job and try again on the next tick.
                    logger.LogWarning("job analyze {Digest}: could not renew the lease: {Reason}", job.Digest, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job finished.
        }
    }

    /// <summary>Stores the new image's findings counts for the images table; a failure leaves them to the UI's warmer and does not fail the analysis.</summary>
    private void CountFindings(string digest, CancellationToken cancellationToken)
    {
        try
        {
            counts.Count(digest, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning("job analyze {Digest}: findings not counted: {Reason}", digest, ex.Message);
        }
    }

    private void LogLeaseLost(AnalysisJob job) =>
        logger.LogWarning("job analyze {Digest}: lease lost to another worker, left to it", job.Digest);
}
