using System.CommandLine;
using System.Globalization;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db status</c>: path, schema, build time, age and per-source counts; exit 3 when older than <c>--max-age</c>.</summary>
internal static class DbStatusCommand
{
    private const int IssuesShown = 20;

    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var maxAge = new Option<string?>("--max-age") { Description = "Exit 3 when the database was built longer ago than this (e.g. 5d, 12h)." };
        var skipped = new Option<bool>("--skipped") { Description = "List every skipped file and record, not only the first ones." };
        var db = DbOptions.Database();
        var command = new Command("status", "Show what the database holds and how old it is.") { maxAge, skipped, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var limit = parseResult.GetValue(maxAge) is { } text ? DbOptions.ParseDuration(text, "--max-age") : (TimeSpan?)null;
            var status = engine.Database.Status(parseResult.GetValue(db));
            var output = console.Out;
            output.WriteLine($"path:    {status.Path}");
            output.WriteLine($"schema:  {status.SchemaVersion}");
            output.WriteLine($"built:   {status.Built?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never"}");
            output.WriteLine($"age:     {(status.Age is { } a ? DbOptions.FormatAge(a) : "unknown")}");
            output.WriteLine("sources:");
            foreach (var source in status.Sources)
            {
                output.WriteLine(
                    $"  {source.Name}: {source.Format}, {source.Records} records, {source.Affected} affected packages, {source.Files} files read, {source.Skipped} skipped, updated {source.Updated:yyyy-MM-dd HH:mm}Z from {source.Location}");
                output.WriteLine($"    sha256 {source.Checksum ?? "-"}");
            }

            var issues = status.Skipped;
            var shown = parseResult.GetValue(skipped) ? issues.Count : Math.Min(issues.Count, IssuesShown);
            if (issues.Count > 0)
            {
                output.WriteLine("skipped:");
                foreach (var issue in issues.Take(shown))
                {
                    output.WriteLine($"  {issue.File}: {issue.Reason}");
                }

                if (shown < issues.Count)
                {
                    output.WriteLine($"  … {issues.Count - shown} more (--skipped lists all)");
                }
            }

            if (limit is { } max && status.IsOlderThan(max))
            {
                console.Error($"gantry: vulnerability database {status.Path} is older than {parseResult.GetValue(maxAge)}; run 'gantry db update'");
                return Task.FromResult(ExitCodes.Environment);
            }

            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
