using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db build --out FILE.tar.zst</c>: a portable archive of the database plus <c>latest.json</c>.</summary>
internal static class DbBuildCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var output = new Option<string>("--out", "-o") { Description = "The archive to write (FILE.tar.zst); latest.json is written beside it.", Required = true };
        var url = new Option<string?>("--url") { Description = "The archive URL to put in latest.json (default: its file name, relative to latest.json)." };
        var db = DbOptions.Database();
        var command = new Command("build", "Pack the database into a .tar.zst archive and latest.json for mirrors and air-gapped use.") { output, url, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var files = engine.Database.Build(parseResult.GetValue(db), parseResult.GetValue(output)!, parseResult.GetValue(url));
            console.Out.WriteLine($"wrote {files.ArchivePath} ({files.Bytes} bytes, sha256 {files.Sha256})");
            console.Out.WriteLine($"wrote {files.LatestPath}");
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
