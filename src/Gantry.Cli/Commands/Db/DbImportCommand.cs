using System.CommandLine;
using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db import PATH…</c>: imports local files, folders or archives, each as one source.</summary>
internal static class DbImportCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Files, folders or archives (OSV all.zip, secdb, tracker JSON, NVD pages, KEV, EPSS).", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format", "-f") { Description = $"Feed format when it cannot be detected: {string.Join(", ", FeedFormats.WireNames)}." };
        var source = new Option<string?>("--source") { Description = "Source name (default: the file or folder name); only with a single path." };
        var db = DbOptions.Database();
        var command = new Command("import", "Import local feed files into the database (replacing what the same source held).") { paths, format, source, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var inputs = parseResult.GetValue(paths)!;
            var name = parseResult.GetValue(source);
            if (name is not null && inputs.Length > 1)
            {
                throw new InvalidInputException("--source names one source; import one path at a time with it");
            }

            var formatName = parseResult.GetValue(format);
            var plan = inputs.Select(path => (
                Path: Path.GetFullPath(path),
                Format: formatName is null ? FeedFormatDetector.Detect(path) : FeedFormats.Parse(formatName),
                Name: name ?? FeedImport.SourceNameFor(path))).ToList();
            var databasePath = DbOptions.ResolvePath(parseResult, db);
            using (var build = DatabaseBuild.Begin(databasePath))
            {
                foreach (var (path, feedFormat, sourceName) in plan)
                {
                    var summary = FeedImport.Import(build, sourceName, feedFormat, path, null, ct);
                    console.Out.WriteLine(
                        $"{sourceName}: {summary.Records} records, {summary.Affected} affected packages from {summary.Files} files ({FeedFormats.ToWire(feedFormat)}); {summary.Skipped} skipped");
                    foreach (var issue in build.IssuesOf(sourceName))
                    {
                        console.Error($"  skipped {issue.File}: {issue.Reason}");
                    }
                }

                build.Commit();
            }

            console.Out.WriteLine($"database {databasePath} updated");
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
