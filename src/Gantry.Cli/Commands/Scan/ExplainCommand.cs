using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Scan;

/// <summary><c>gantry explain VULN-ID SOURCE</c>: why a vulnerability was, or was not, reported for an image.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var id = new Argument<string>("vulnerability") { Description = "A vulnerability id or alias (CVE-…, GHSA-…, GO-…, PYSEC-…)" };
        var source = new Argument<string>("source") { Description = "The image or SBOM, as for 'gantry scan'" };
        var flags = new ScanFlags();
        var command = new Command("explain", "Show why a vulnerability matched a package: the record, the range and the version comparison");
        command.Arguments.Add(id);
        command.Arguments.Add(source);
        flags.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var options = flags.Read(parseResult, console, engine);
            var lines = await ProgressDisplay.RunAsync(console, progress =>
                engine.Scanner.ExplainAsync(parseResult.GetValue(id)!, parseResult.GetValue(source)!, options, progress, ct));
            foreach (var line in lines)
            {
                await console.Out.WriteLineAsync(line);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
