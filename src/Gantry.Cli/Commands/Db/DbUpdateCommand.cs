using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Operations;
using Spectre.Console;

namespace Gantry.Cli.Commands.Db;

/// <summary>
/// <c>gantry db update</c>: fetches the feeds of a sources file (default: the public upstreams) and swaps in a new
/// database; or, with <c>--from</c>, installs an archive made by <c>gantry db build</c>. Exit 3 when a source failed.
/// </summary>
internal static class DbUpdateCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var sources = new Option<string?>("--sources") { Description = "Sources file (JSON); default: the public upstream feeds." };
        var from = new Option<string?>("--from") { Description = "Install a database archive from a latest.json or .tar.zst (URL or path) instead." };
        var timeout = new Option<string>("--timeout") { Description = "Give up on a download after this long (e.g. 10m, 30s).", DefaultValueFactory = _ => "10m" };
        var db = DbOptions.Database();
        var command = new Command("update", "Download the feeds (or a prebuilt archive) and replace the database atomically.") { sources, from, timeout, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, async cancellationToken =>
        {
            var path = parseResult.GetValue(db);
            var limit = DbOptions.ParseDuration(parseResult.GetValue(timeout)!, "--timeout");
            if (parseResult.GetValue(from) is { } location)
            {
                var installed = await engine.Database.InstallAsync(location, path, limit, cancellationToken).ConfigureAwait(false);
                console.Out.WriteLine($"installed {location} as {installed.Path} (schema {installed.SchemaVersion}, built {installed.Built:yyyy-MM-dd HH:mm}Z, {installed.Sources} sources)");
                return ExitCodes.Success;
            }

            var sourcesFile = parseResult.GetValue(sources);
            var update = console.IsErrorTerminal
                ? await WithProgressAsync(console, progress => engine.Database.UpdateAsync(sourcesFile, path, limit, progress, cancellationToken)).ConfigureAwait(false)
                : await engine.Database.UpdateAsync(sourcesFile, path, limit, null, cancellationToken).ConfigureAwait(false);
            foreach (var result in update.Sources)
            {
                var line = result.Kind switch
                {
                    SourceOutcomeKind.Updated => $"{result.Source}: updated, {result.Summary!.Records} records, {result.Summary.Affected} affected packages, {result.Summary.Skipped} skipped",
                    SourceOutcomeKind.Unchanged => $"{result.Source}: unchanged",
                    _ => $"{result.Source}: FAILED: {result.Message}",
                };
                if (result.Kind == SourceOutcomeKind.Failed)
                {
                    console.Error(line);
                }
                else
                {
                    console.Out.WriteLine(line);
                }
            }

            console.Out.WriteLine(update.Replaced ? $"database {update.Path} replaced" : $"database {update.Path} left as it was");
            return update.AnyFailed ? ExitCodes.Environment : ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>One progress bar per source on stderr, added when its download starts; only on a terminal.</summary>
    private static async Task<DatabaseUpdate> WithProgressAsync(CliConsole console, Func<IProgress<DownloadProgress>, Task<DatabaseUpdate>> run)
    {
        DatabaseUpdate? update = null;
        await console.ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new Progress<DownloadProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Source, out var task))
                    {
                        task = tasks[p.Source] = context.AddTask(p.Source, autoStart: true, maxValue: 1);
                    }

                    task.MaxValue = Math.Max(p.Total ?? p.Bytes, 1);
                    task.Value = p.Bytes;
                });
                update = await run(progress).ConfigureAwait(false);
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);
        return update!;
    }
}
