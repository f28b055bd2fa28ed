using System.Diagnostics.CodeAnalysis;
using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Gantry.Core.Http;

/// <summary>
/// The one retry rule for Gantry's HTTP (registry and feed downloads), built on Polly: transient failures (connection
/// resets and refusals, timeouts, 408, 429 and 5xx) are retried with a doubling backoff or the server's Retry-After, at
/// most <see cref="HttpRetryOptions.MaxRetries"/> times and within <see cref="HttpRetryOptions.TotalBudget"/>; anything
/// else (401, 403, 404, TLS failures) is answered at once. Waits use the given <see cref="TimeProvider"/>, so tests never sleep.
/// When the budget runs out a <see cref="TimeoutRejectedException"/> is thrown.
/// </summary>
public sealed class HttpRetryPipeline
{
    private readonly ResiliencePipeline<HttpResponseMessage> _requests;
    private readonly ResiliencePipeline<object> _operations;

    public HttpRetryPipeline(HttpRetryOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        Options = options;
        _requests = Build(options, clock, new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                ? IsTransient(ex, args.Context.CancellationToken)
                : IsTransient(args.Outcome.Result!.StatusCode)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.DelayBefore(args.AttemptNumber + 1, RetryAfter(args.Outcome.Result, clock))),
        });
        _operations = Build(options, clock, new RetryStrategyOptions<object>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.DelayBefore(args.AttemptNumber + 1, retryAfter: null)),
        });
    }

    public HttpRetryOptions Options { get; }

    /// <summary>
    /// Sends a request built afresh for every attempt (a request message cannot be sent twice). Returns the last answer,
    /// which may still be a transient status once the retries are spent; throws the last exception otherwise.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient http, Func<HttpRequestMessage> build, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(build);
        return await _requests.ExecuteAsync(async token =>
        {
            using var request = build();
            return await http.SendAsync(request, completion, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a whole transfer (such as a blob upload), starting it over when it fails on a transient connection error.</summary>
    public async Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await _operations.ExecuteAsync(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return new object();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A failure to get an answer that a later attempt may not meet: the connection, not the request, went wrong.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => false,
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Statuses that say "try again later"; 4xx answers such as 401 and 404 are final.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The budget outside (it bounds every attempt and every wait), the retries inside.</summary>
    // Polly's AddRetry asks for every member of T to survive trimming; T here is HttpResponseMessage or object.
    private static ResiliencePipeline<T> Build<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        HttpRetryOptions options, TimeProvider clock, RetryStrategyOptions<T> retry)
    {
        // A generator, not Timeout: the fixed value is validated to under 24 hours, and a user's --timeout may be longer.
        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = clock }
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => ValueTask.FromResult(options.TotalBudget) });
        if (options.MaxRetries > 0)
        {
            retry.MaxRetryAttempts = options.MaxRetries;
            builder.AddRetry(retry);
        }

        return builder.Build();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? Max(date - clock.GetUtcNow(), TimeSpan.Zero) : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
