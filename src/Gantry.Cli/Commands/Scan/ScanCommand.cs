using System.CommandLine;
using System.Reflection;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Scanning;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Sarif;
using Gantry.Formats.Scan;

namespace Gantry.Cli.Commands.Scan;

/// <summary><c>gantry scan SOURCE</c>: SBOM plus vulnerability matching, with a severity gate.</summary>
internal static class ScanCommand
{
    private static readonly string[] Formats = ["table", "json", "sarif", "cyclonedx-json"];

    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var source = new Argument<string>("source")
        {
            Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH, registry:REF, sbom:PATH, or a path",
        };
        var flags = new ScanFlags();
        var outputs = new OutputTargets(Formats, defaultFormat: "table");
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding that is not ignored is at or above this severity" };
        var command = new Command("scan", "Find the known vulnerabilities in an image, with the layer that brought each");
        command.Arguments.Add(source);
        flags.AddTo(command);
        command.Options.Add(failOn);
        outputs.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var threshold = parseResult.GetValue(failOn) is { } name ? ScanFlags.ParseSeverity(name) : (Severity?)null;
            var targets = outputs.Read(parseResult, console.IsOutputTerminal);
            var options = flags.Read(parseResult);
            var report = await ProgressDisplay.RunAsync(console, progress =>
                engine.Scanner.ScanAsync(parseResult.GetValue(source)!, options, progress, ct));
            foreach (var warning in report.Warnings)
            {
                console.Error($"gantry: warning: {warning}");
            }

            await OutputTargets.WriteAllAsync(targets, console, (target, stream) =>
            {
                Render(report, target, stream, colored: target.Path is null && console.IsOutputTerminal, engine.Clock.GetUtcNow());
                return Task.CompletedTask;
            });
            var failing = threshold is { } t ? report.Active.Count(f => f.Finding.Vulnerability.Severity >= t) : 0;
            if (failing > 0)
            {
                console.Error($"gantry: {failing} finding(s) at or above --fail-on {threshold!.Value.ToString().ToLowerInvariant()}");
                return ExitCodes.GateFailed;
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void Render(ScanReport report, OutputTarget target, Stream stream, bool colored, DateTimeOffset now)
    {
        switch (target.Format)
        {
            case "json":
                ScanJsonWriter.Write(report, stream);
                break;
            case "sarif":
                SarifWriter.Write(report, ToolVersion, stream);
                break;
            case "cyclonedx-json":
                CycloneDxWriter.Write(report.Sbom, report.Active.Select(f => f.Finding).ToList(), stream, now);
                break;
            default:
                ScanTable.Write(report, stream, colored);
                break;
        }
    }

    private static string ToolVersion =>
        typeof(ScanCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
