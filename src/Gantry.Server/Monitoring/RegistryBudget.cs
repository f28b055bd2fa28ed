using Gantry.Server.Configuration;

namespace Gantry.Server.Monitoring;

/// <summary>
/// The watchers' request budget: a token bucket per registry host holding <see cref="ServerConfig.WatcherRequestsPerMinute"/>
/// requests, refilled evenly over a minute on the engine's clock. Work refused a token waits for the next cycle.
/// </summary>
public sealed class RegistryBudget(ServerConfig config, TimeProvider timeProvider)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>Takes one request for <paramref name="registry"/>; false when its budget is spent for now.</summary>
    public bool TryTake(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = registry.Split('/')[0];
        var capacity = (double)config.WatcherRequestsPerMinute;
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            var bucket = _buckets.GetValueOrDefault(host) ?? new Bucket(capacity, now);
            var tokens = Math.Min(capacity, bucket.Tokens + ((now - bucket.At).TotalMinutes * capacity));
            var granted = tokens >= 1;
            _buckets[host] = new Bucket(granted ? tokens - 1 : tokens, now);
            return granted;
        }
    }

    private sealed record Bucket(double Tokens, DateTimeOffset At);
}
