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
        var clock = new FakeTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.TooManyRequests, HttpStatusCode.OK) { RetryAfter = TimeSpan.FromSeconds(120) };

        var sending = Send(new HttpRetryPipeline(HttpRetryOptions.Default with { MaxDelay = TimeSpan.FromMinutes(5) }, clock), handler);
        WaitForCalls(handler, 1);
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
        var clock = new FakeTimeProvider();
        var handler = new ScriptedHandler(HttpStatusCode.BadGateway);
        var options = new HttpRetryOptions { MaxRetries = 100, BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), TotalBudget = TimeSpan.FromSeconds(25) };

        var sending = Send(new HttpRetryPipeline(options, clock), handler);
        for (var call = 1; call <= 3; call++)
        {
            WaitForCalls(handler, call);
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

    /// <summary>The fake clock only moves once the pipeline is waiting on it, that is after the call was made.</summary>
    private static void WaitForCalls(ScriptedHandler handler, int calls) =>
        Assert.True(SpinWait.SpinUntil(() => handler.Calls >= calls, TimeSpan.FromSeconds(10)), $"call {calls} was never made");

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
