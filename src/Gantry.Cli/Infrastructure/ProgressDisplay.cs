using Gantry.Engine;
using Spectre.Console;

namespace Gantry.Cli.Infrastructure;

/// <summary>Shows the engine's progress on stderr when it is a terminal; silent otherwise.</summary>
internal static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliConsole console, Func<IProgress<AnalysisProgress>?, Task<T>> work)
    {
        if (!console.IsErrorTerminal)
        {
            return await work(null);
        }

        return await console.ErrorConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Progress(update =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(update.Stage, out var task))
                        {
                            task = context.AddTask(update.Stage, maxValue: Math.Max(1, update.Total));
                            tasks[update.Stage] = task;
                        }

                        task.MaxValue = Math.Max(1, update.Total);
                        task.Value = update.Done;
                    }
                });
                return await work(progress);
            });
    }

    private sealed class Progress(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }
}
