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

    /// <summary>A diff has no SARIF or CycloneDX form: those describe one image's findings, not a change.</summary>
    private static readonly string[] DiffFormats = ["table", "json"];

    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var source = new Argument<string>("source")
        {
            Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH, registry:REF, sbom:PATH, or a path",
        };
        var flags = new ScanFlags();
        var outputs = new OutputTargets(Formats, defaultFormat: "table");
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding that is not ignored is at or above this severity" };
        var diff = new Option<string?>("--diff")
        {
            Description = "Report what changed since this earlier report of gantry scan -o json (added, removed, updated); --fail-on then counts the added findings",
        };
        var includeUnreachable = new Option<bool>("--include-unreachable")
        {
            Description = "Also count findings whose vulnerable Go code the binary does not link (reachability: unreachable) for --fail-on",
        };
        var command = new Command("scan", "Find the known vulnerabilities in an image, with the layer that brought each");
        command.Arguments.Add(source);
        flags.AddTo(command);
        command.Options.Add(failOn);
        command.Options.Add(includeUnreachable);
        command.Options.Add(diff);
        outputs.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var threshold = parseResult.GetValue(failOn) is { } name ? ScanFlags.ParseSeverity(name) : (Severity?)null;
            var targets = outputs.Read(parseResult, console.IsOutputTerminal);
            var options = flags.Read(parseResult, console, engine);
            var previousPath = parseResult.GetValue(diff);
            var previous = previousPath is null ? null : ReadPrevious(previousPath, targets);
            var report = await ProgressDisplay.RunAsync(console, progress =>
                engine.Scanner.ScanAsync(parseResult.GetValue(source)!, options, progress, ct));
            foreach (var warning in report.Warnings)
            {
                console.Error($"gantry: warning: {warning}");
            }

            var changes = previous is null ? null : FindingDiff.Compare(previous, report.Findings);
            await OutputTargets.WriteAllAsync(targets, console, (target, stream) =>
            {
                var colored = target.Path is null && console.IsOutputTerminal;
                if (changes is null)
                {
                    Render(report, target, stream, colored, engine.Clock.GetUtcNow());
                }
                else
                {
                    RenderDiff(report, changes, previousPath!, target, stream);
                }

                return Task.CompletedTask;
            });
            var gated = (changes?.Added ?? report.Active).Where(f => parseResult.GetValue(includeUnreachable) || f.Finding.Reachability?.IsUnreachable != true);
            var failing = threshold is { } t ? gated.Count(f => f.Finding.Vulnerability.Severity >= t) : 0;
            if (failing > 0)
            {
                var what = changes is null ? "finding(s)" : "added finding(s)";
                console.Error($"gantry: {failing} {what} at or above --fail-on {threshold!.Value.ToString().ToLowerInvariant()}");
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
                CycloneDxWriter.Write(report.Sbom, report.Active.Select(f => f.Finding).ToList(), stream, now, report.Warnings);
                break;
            default:
                ScanTable.Write(report, stream, colored);
                break;
        }
    }

    /// <summary>Read before the image, so a bad earlier report fails fast and nothing is written.</summary>
    private static IReadOnlyList<ReportedFinding> ReadPrevious(string path, IReadOnlyList<OutputTarget> targets)
    {
        if (targets.FirstOrDefault(t => !DiffFormats.Contains(t.Format)) is { } other)
        {
            throw new InvalidInputException($"--diff: output {other.Format} is not available with --diff (use table or json)");
        }

        return ScanReportReader.ReadFindings(path, path);
    }

    private static void RenderDiff(ScanReport report, FindingChanges changes, string previous, OutputTarget target, Stream stream)
    {
        if (target.Format == "json")
        {
            ScanJsonWriter.WriteDiff(report, changes, previous, stream);
        }
        else
        {
            ScanDiffTable.Write(changes, previous, stream);
        }
    }

    private static string ToolVersion =>
        typeof(ScanCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
