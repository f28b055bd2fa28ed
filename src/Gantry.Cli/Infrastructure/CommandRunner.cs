using Gantry.Core;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// Runs a command body and turns every failure into one line on stderr and a documented exit code,
/// so that no user input ever produces a stack trace.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (GantryException ex)
        {
            console.Error($"gantry: {ex.Message}");
            return ex.Kind == GantryErrorKind.Environment ? ExitCodes.Environment : ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error("gantry: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            console.Error($"gantry: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("GANTRY_DEBUG") == "1")
            {
                console.Error(ex.ToString());
            }

            return ExitCodes.InternalError;
        }
    }
}
