using Gantry.Server.Analysis;
using Gantry.Server.Storage;
using Prometheus;

namespace Gantry.Server.Hosting;

/// <summary>
/// The service's own Prometheus metrics (requests come from prometheus-net's HTTP middleware): queue depth and
/// database age are read when scraped; analysis durations are observed as jobs finish.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly Histogram AnalysisDuration = Metrics.CreateHistogram("gantry_analysis_duration_seconds", "Time from claiming an analysis job to its end.",
        new HistogramConfiguration { LabelNames = ["result"], Buckets = Histogram.ExponentialBuckets(0.5, 2, 12) });

    private static readonly Gauge QueueDepth = Metrics.CreateGauge("gantry_analysis_queue_depth", "Analysis jobs queued or running.");

    private static readonly Gauge DatabaseAge = Metrics.CreateGauge("gantry_vulnerability_db_age_seconds", "Age of the vulnerability database build in use.");

    public ServerMetrics(IStateStore store, VulnerabilityDatabase database, TimeProvider timeProvider)
    {
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            QueueDepth.Set(store.QueueDepth());
            DatabaseAge.Set(database.Current?.Built is { } built ? (timeProvider.GetUtcNow() - built).TotalSeconds : double.NaN);
        });
    }

    public static void AnalysisFinished(string result, TimeSpan duration) => AnalysisDuration.WithLabels(result).Observe(duration.TotalSeconds);
}
