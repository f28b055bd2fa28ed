using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Events;
using Gantry.Server.Hosting;
using Gantry.Server.Images;
using Gantry.Server.Notifications;
using Gantry.Server.Storage;

namespace Gantry.Server.Analysis;

/// <summary>
/// Takes analysis jobs from the durable queue and runs them: pull and analyze once per digest, store the documents,
/// then mark every waiting image analyzed (or failed, with the reason in an event) in one transaction. On shutdown
/// the job in hand is cancelled and stays queued: it is taken up again on the next start, never half-written.
/// </summary>
public sealed class AnalysisWorker(IStateStore store, GantryEngine engine, AnalysisStore documents, AccountRegistries registries, EventFactory events,
    AnalysisUpdates updates, AnalysisSignal signal, ServerMetrics metrics, ILogger<AnalysisWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var job = store.ClaimJob();
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
        var started = engine.Clock.GetTimestamp();
        var registry = AnchoreReference.Parse(job.PullString).Registry;
        try
        {
            var analyzed = await engine.StoredImages.AnalyzeAsync(job.PullString, registries.For(job.Account, registry), stoppingToken).ConfigureAwait(false);
            documents.Save(job.Digest, analyzed);
            var sbom = analyzed.Sbom;
            var completed = new List<ImageRecord>();
            store.CompleteAnalysis(
                new AnalysisRecord(job.Digest, Digest.Parse(sbom.Source.ConfigDigest!).Hex, sbom.Source.Architecture, sbom.Distro?.Id, sbom.Distro?.VersionId,
                    sbom.Source.Layers.Count, sbom.Files.TotalSize, "Guessed", engine.Clock.GetUtcNow()),
                image =>
                {
                    completed.Add(image);
                    return events.AnalysisCompletedFor(image);
                });
            // Notified after the transaction committed, so a rolled-back completion never announces itself.
            completed.ForEach(updates.Completed);
            metrics.AnalysisFinished("analyzed", engine.Clock.GetElapsedTime(started));
            logger.LogInformation("job analyze {Digest}: analyzed in {Seconds:F1} s (attempt {Attempt}, {Packages} packages)", job.Digest,
                engine.Clock.GetElapsedTime(started).TotalSeconds, job.Attempts, sbom.Packages.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the job stays in the queue and is taken up again after the restart.
            store.RequeueInterruptedJobs();
            logger.LogInformation("job analyze {Digest}: interrupted by shutdown, left queued", job.Digest);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex is GantryException or HttpRequestException or IOException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            store.FailAnalysis(job.Digest, image => events.AnalysisFailedFor(image, reason));
            metrics.AnalysisFinished("analysis_failed", engine.Clock.GetElapsedTime(started));
            logger.LogWarning("job analyze {Digest}: failed after {Seconds:F1} s: {Reason}", job.Digest, engine.Clock.GetElapsedTime(started).TotalSeconds, reason);
        }
    }
}
