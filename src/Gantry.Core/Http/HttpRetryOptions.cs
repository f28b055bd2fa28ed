namespace Gantry.Core.Http;

/// <summary>How hard one HTTP exchange is retried: how many retries, how long between them, and how long all attempts may take together.</summary>
public sealed record HttpRetryOptions
{
    public static readonly HttpRetryOptions Default = new();

    /// <summary>Retries after the first attempt; 0 sends once.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles on every further retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No single wait is longer, whatever Retry-After asks for.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>All attempts and the waits between them end by then; the attempt under way is cancelled.</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before retry number <paramref name="retry"/> (from 1): the server's Retry-After if it gave one, else the doubling backoff.</summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        var delay = retryAfter ?? TimeSpan.FromTicks(BaseDelay.Ticks * (1L << Math.Clamp(retry - 1, 0, 16)));
        return delay > MaxDelay ? MaxDelay : delay;
    }
}
