using Gantry.Server.Analysis;
using Gantry.Server.Monitoring;
using Gantry.Server.Storage;
using Prometheus;

namespace Gantry.Server.Hosting;

/// <summary>
/// The service's Prometheus metrics, in a registry of its own (so two services in one process, as in tests, never share
/// or scrape each other's state): HTTP requests come from prometheus-net's middleware; queue depth and database age are
/// read when scraped; analysis durations are observed as jobs finish.
/// </summary>
public sealed class ServerMetrics
{
    private readonly Histogram _analysisDuration;

    public ServerMetrics(IStateStore store, VulnerabilityDatabase database, LeaderElection leader, TimeProvider timeProvider)
    {
        Registry = Metrics.NewCustomRegistry();
        Factory = Metrics.WithCustomRegistry(Registry);
        _analysisDuration = Factory.CreateHistogram("gantry_analysis_duration_seconds", "Time from claiming an analysis job to its end.",
            new HistogramConfiguration { LabelNames = ["result"], Buckets = Histogram.ExponentialBuckets(0.5, 2, 12) });
        var queueDepth = Factory.CreateGauge("gantry_analysis_queue_depth", "Analysis jobs queued or running.");
        var databaseAge = Factory.CreateGauge("gantry_vulnerability_db_age_seconds", "Age of the vulnerability database build in use.");
        var leading = Factory.CreateGauge("gantry_watcher_leader", "1 while this process leads the watchers, else 0.");
        Registry.AddBeforeCollectCallback(() =>
        {
            queueDepth.Set(store.QueueDepth());
            databaseAge.Set(database.Current?.Built is { } built ? (timeProvider.GetUtcNow() - built).TotalSeconds : double.NaN);
            leading.Set(leader.IsLeader ? 1 : 0);
        });
    }

    /// <summary>What <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Creates metrics in <see cref="Registry"/>; the HTTP middleware gets its request metrics from it.</summary>
    public IMetricFactory Factory { get; }

    public void AnalysisFinished(string result, TimeSpan duration) => _analysisDuration.WithLabels(result).Observe(duration.TotalSeconds);
}
