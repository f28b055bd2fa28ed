using System.Net;
using Gantry.Core.Http;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace Gantry.Core.Tests.Http;

public sealed class HttpRetryPipelineTests
{
    private static readonly HttpRetryOptions NoWait = new() { BaseDelay = TimeSpan.Zero };

    [Fact]
    public async Task Should_Return_The_Success_When_A_503_Is_Followed_By_A_200()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        using var response = await Send(new HttpRetryPipeline(NoWait, TimeProvider.System), handler);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, handler.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Should_Answer_At_Once_When_The_Status_Is_A_Client_Error(HttpStatusCode status)
    {
        var handler = new ScriptedHandler(status, HttpStatusCode.OK);

        using var response = await Send(new HttpRetryPipeline(NoWait, TimeProvider.System), handler);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task Should_Return_The_Last_Answer_When_Every_Attempt_Fails()
    {
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError);

        using var response = await Send(new HttpRetryPipeline(NoWait with { MaxRetries = 2 }, TimeProvider.System), handler);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task Should_Retry_When_The_Connection_Is_Reset()
    {
        var handler = new ScriptedHandler(HttpStatusCode.OK) { ResetFirst = 2 };

        using var response = await Send(new HttpRetryPipeline(NoWait, TimeProvider.System), handler);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task Should_Wait_As_Long_As_Retry_After_Asks_When_Answered_429()
    {
        var clock = new WatchedClock();
        var handler = new ScriptedHandler(HttpStatusCode.TooManyRequests, HttpStatusCode.OK) { RetryAfter = TimeSpan.FromSeconds(120) };

        var sending = Send(new HttpRetryPipeline(HttpRetryOptions.Default with { MaxDelay = TimeSpan.FromMinutes(5) }, clock), handler);
        clock.WaitForRetryDelays(1, shorterThan: HttpRetryOptions.Default.TotalBudget);
        clock.Advance(TimeSpan.FromSeconds(119));
        var earlyCalls = handler.Calls;
        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending;

        Assert.Equal(1, earlyCalls);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_Give_Up_When_The_Total_Budget_Is_Spent()
    {
        var clock = new WatchedClock();
        var handler = new ScriptedHandler(HttpStatusCode.BadGateway);
        var options = new HttpRetryOptions { MaxRetries = 100, BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), TotalBudget = TimeSpan.FromSeconds(25) };

        var sending = Send(new HttpRetryPipeline(options, clock), handler);
        for (var call = 1; call <= 3; call++)
        {
            clock.WaitForRetryDelays(call, shorterThan: options.TotalBudget);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => sending);
        Assert.Equal(3, handler.Calls);
    }

    private static async Task<HttpResponseMessage> Send(HttpRetryPipeline pipeline, ScriptedHandler handler)
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        return await pipeline.SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/feed"), HttpCompletionOption.ResponseContentRead, CancellationToken.None);
    }

    /// <summary>
    /// A fake clock that notes the due time of every timer made on it. A test moves it only once the pipeline waits on
    /// it: moved between the call and the wait, the time would pass before the wait began and the wait would never end.
    /// </summary>
    private sealed class WatchedClock : FakeTimeProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _dueTimes = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _dueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }

        /// <summary>Waits until the pipeline has begun <paramref name="count"/> waits between attempts (timers shorter than the total budget's).</summary>
        public void WaitForRetryDelays(int count, TimeSpan shorterThan) =>
            Assert.True(SpinWait.SpinUntil(() => _dueTimes.Count(d => d > TimeSpan.Zero && d < shorterThan) >= count, TimeSpan.FromSeconds(30)),
                $"the pipeline never began wait {count}");
    }

    /// <summary>Answers the given statuses in turn (the last one forever), after resetting the first connections if asked.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public int ResetFirst { get; init; }

        public TimeSpan? RetryAfter { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            if (call <= ResetFirst)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection reset by peer");
            }

            var response = new HttpResponseMessage(statuses[Math.Min(call - ResetFirst, statuses.Length) - 1]);
            if (RetryAfter is { } delay)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
            }

            return Task.FromResult(response);
        }
    }
}
