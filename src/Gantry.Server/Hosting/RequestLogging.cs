using Gantry.Server.Security;

namespace Gantry.Server.Hosting;

/// <summary>One log line per request: method, path, status, duration and who asked. Headers and bodies (credentials) are never logged.</summary>
public sealed class RequestLogging(RequestDelegate next, TimeProvider time, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = time.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var caller = context.Items.ContainsKey("gantry.caller") ? context.Caller() : null;
            logger.LogInformation("request {Method} {Path} {Status} {Milliseconds:F1} ms user={User} account={Account}", context.Request.Method,
                context.Request.Path.Value, context.Response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds, caller?.Username, caller?.Account);
        }
    }
}
