using Gantry.Core;
using Gantry.Server.Api;

namespace Gantry.Server.Hosting;

/// <summary>
/// Every failure becomes the engine's error JSON with its status, and the service keeps serving: refusals
/// (<see cref="ApiException"/>), bad input the engine rejected, oversized or broken requests. An unexpected
/// exception is logged with its stack trace and answered 500 without it.
/// </summary>
public sealed class ErrorHandling(RequestDelegate next, ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            await WriteAsync(context, ex.Status, ex.Message, ex.Detail).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await WriteAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body too large" : ex.Message, []).ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, ex.Message, []).ConfigureAwait(false);
        }
        catch (EnvironmentException ex)
        {
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message, []).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"internal error: {ex.GetType().Name}", []).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string message, System.Text.Json.Nodes.JsonObject detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        detail["error_codes"] ??= new System.Text.Json.Nodes.JsonArray();
        context.Response.Clear();
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ErrorBody(message, status, detail), ApiJsonContext.Default.ErrorBody, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
    }
}
