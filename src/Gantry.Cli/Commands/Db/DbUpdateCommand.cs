using System.CommandLine;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Update;
using Spectre.Console;

namespace Gantry.Cli.Commands.Db;

/// <summary>
/// <c>gantry db update</c>: fetches the feeds of a sources file (default: the public upstreams) and swaps in a new
/// database; or, with <c>--from</c>, installs an archive made by <c>gantry db build</c>. Exit 3 when a source failed.
/// </summary>
internal static class DbUpdateCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = new Option<string?>("--sources") { Description = "Sources file (JSON); default: the public upstream feeds." };
        var from = new Option<string?>("--from") { Description = "Install a database archive from a latest.json or .tar.zst (URL or path) instead." };
        var timeout = new Option<string>("--timeout") { Description = "Give up on a download after this long (e.g. 10m, 30s).", DefaultValueFactory = _ => "10m" };
        var db = DbOptions.Database();
        var command = new Command("update", "Download the feeds (or a prebuilt archive) and replace the database atomically.") { sources, from, timeout, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, async cancellationToken =>
        {
            var path = DbOptions.ResolvePath(parseResult, db);
            var limit = DbOptions.ParseDuration(parseResult.GetValue(timeout)!, "--timeout");
            using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("gantry-db-update");
            if (parseResult.GetValue(from) is { } location)
            {
                using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeoutSource.CancelAfter(limit);
                var installed = await DatabaseArchive.InstallAsync(location, path, http, timeoutSource.Token).ConfigureAwait(false);
                console.Out.WriteLine($"installed {location} as {path} (schema {installed.SchemaVersion}, built {installed.Built:yyyy-MM-dd HH:mm}Z, {installed.Sources.Count} sources)");
                return ExitCodes.Success;
            }

            var sourcesFile = parseResult.GetValue(sources) is { } file ? SourcesFile.Load(file) : SourcesFile.Default;
            var fetcher = new FeedFetcher(http, DatabasePaths.FeedCache(path), limit);
            var results = console.IsErrorTerminal
                ? await WithProgressAsync(console, sourcesFile, progress => DatabaseUpdater.UpdateAsync(path, sourcesFile, fetcher, progress, cancellationToken)).ConfigureAwait(false)
                : await DatabaseUpdater.UpdateAsync(path, sourcesFile, fetcher, null, cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                var line = result.Status switch
                {
                    SourceUpdateStatus.Updated => $"{result.Source}: updated, {result.Summary!.Records} records, {result.Summary.Affected} affected packages, {result.Summary.Skipped} skipped",
                    SourceUpdateStatus.Unchanged => $"{result.Source}: unchanged",
                    _ => $"{result.Source}: FAILED: {result.Message}",
                };
                if (result.Status == SourceUpdateStatus.Failed)
                {
                    console.Error(line);
                }
                else
                {
                    console.Out.WriteLine(line);
                }
            }

            var failed = results.Count(r => r.Status == SourceUpdateStatus.Failed);
            console.Out.WriteLine(results.Any(r => r.Status == SourceUpdateStatus.Updated)
                ? $"database {path} replaced"
                : $"database {path} left as it was");
            return failed > 0 ? ExitCodes.Environment : ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>One progress bar per source on stderr; only on a terminal.</summary>
    private static async Task<IReadOnlyList<SourceUpdate>> WithProgressAsync(
        CliConsole console, SourcesFile sources, Func<IProgress<FetchProgress>, Task<IReadOnlyList<SourceUpdate>>> run)
    {
        IReadOnlyList<SourceUpdate> results = [];
        await console.ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var tasks = sources.Sources.ToDictionary(s => s.Name, s => context.AddTask(s.Name, autoStart: true, maxValue: 1), StringComparer.Ordinal);
                var progress = new Progress<FetchProgress>(p =>
                {
                    var task = tasks[p.Source];
                    task.MaxValue = Math.Max(p.Total ?? p.Bytes, 1);
                    task.Value = p.Bytes;
                });
                results = await run(progress).ConfigureAwait(false);
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);
        return results;
    }
}
