using System.CommandLine;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Update;

namespace Gantry.Cli.Commands.Db;

/// <summary><c>gantry db build --out FILE.tar.zst</c>: a portable archive of the database plus <c>latest.json</c>.</summary>
internal static class DbBuildCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out", "-o") { Description = "The archive to write (FILE.tar.zst); latest.json is written beside it.", Required = true };
        var url = new Option<string?>("--url") { Description = "The archive URL to put in latest.json (default: its file name, relative to latest.json)." };
        var db = DbOptions.Database();
        var command = new Command("build", "Pack the database into a .tar.zst archive and latest.json for mirrors and air-gapped use.") { output, url, db };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var archive = parseResult.GetValue(output)!;
            if (!archive.EndsWith(".tar.zst", StringComparison.Ordinal))
            {
                throw new InvalidInputException($"--out {archive}: the archive name must end in .tar.zst");
            }

            var latest = DatabaseArchive.Build(DbOptions.ResolvePath(parseResult, db), archive, parseResult.GetValue(url));
            console.Out.WriteLine($"wrote {Path.GetFullPath(archive)} ({new FileInfo(archive).Length} bytes, sha256 {latest.Sha256})");
            console.Out.WriteLine($"wrote {Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archive))!, DatabaseArchive.LatestFileName)}");
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
