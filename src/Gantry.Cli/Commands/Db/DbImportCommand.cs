using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Operations;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db import PATH…</c>: imports local files, folders or archives, each as one source.</summary>
internal static class DbImportCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var paths = new Argument<string[]>("path") { Description = "Files, folders or archives (OSV all.zip, secdb, tracker JSON, NVD pages, KEV, EPSS).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format", "-f") { Description = $"Feed format when it cannot be detected: {string.Join(", ", DatabaseOperations.FeedFormatNames)}." };
        var source = new Option<string?>("--source") { Description = "Source name (default: the file or folder name); only with a single path." };
        var db = DbOptions.Database();
        var command = new Command("import", "Import local feed files into the database (replacing what the same source held).") { paths, format, source, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var databasePath = parseResult.GetValue(db);
            var imported = engine.Database.Import(parseResult.GetValue(paths)!, parseResult.GetValue(format), parseResult.GetValue(source), databasePath, ct);
            foreach (var (summary, skipped) in imported)
            {
                console.Out.WriteLine(
                    $"{summary.Name}: {summary.Records} records, {summary.Affected} affected packages from {summary.Files} files ({summary.Format}); {summary.Skipped} skipped");
                foreach (var issue in skipped)
                {
                    console.Error($"  skipped {issue.File}: {issue.Reason}");
                }
            }

            console.Out.WriteLine($"database {DatabaseOperations.ResolvePath(databasePath)} updated");
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
