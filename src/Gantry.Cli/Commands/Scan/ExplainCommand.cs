using System.CommandLine;
using Gantry.Engine.Scanning;

namespace Gantry.Cli.Commands.Scan;

/// <summary><c>gantry explain VULN-ID SOURCE</c>: why a vulnerability was, or was not, reported for an image.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
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
            var options = flags.Read(parseResult);
            var suppressor = Scanner.LoadSuppressor(options);
            using var store = Scanner.OpenDatabase(options);
            var sbom = await ProgressDisplay.RunAsync(console, progress =>
                new Engine.SbomGenerator().GenerateAsync(parseResult.GetValue(source)!, options.Sbom, progress, ct));
            var report = Scanner.Scan(sbom, store, options, suppressor, ct);
            foreach (var line in Explainer.Explain(parseResult.GetValue(id)!, report, store))
            {
                await console.Out.WriteLineAsync(line);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
