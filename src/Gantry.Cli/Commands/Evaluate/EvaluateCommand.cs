using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Evaluation;

namespace Gantry.Cli.Commands.Evaluate;

/// <summary>
/// <c>gantry evaluate SOURCE --policy BUNDLE</c>: analyzes the image (or reads a Gantry SBOM), matches it against the
/// vulnerability database and evaluates an Anchore policy bundle. Exit 0 for GO and WARN, 1 for STOP, 2 for an
/// invalid bundle or input.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly string[] Formats = ["table", "json", "junit", "sarif"];

    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var source = new Argument<string>("source")
        {
            Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH, registry:REF, sbom:PATH, or a path",
        };
        var flags = new EvaluationFlags();
        var outputs = new OutputTargets(Formats, defaultFormat: "table");
        var command = new Command("evaluate", "Evaluate an image against an Anchore policy bundle: STOP, WARN or GO");
        command.Arguments.Add(source);
        flags.AddTo(command);
        outputs.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var targets = outputs.Read(parseResult, console.IsOutputTerminal);
            var options = flags.Read(parseResult, console, engine);
            var sourceText = parseResult.GetValue(source)!;
            var result = await ProgressDisplay.RunAsync(console, progress => engine.Evaluator.EvaluateAsync(sourceText, options, progress, ct));
            var report = result.Report;
            await OutputTargets.WriteAllAsync(targets, console, (target, stream) =>
            {
                switch (target.Format)
                {
                    case "json":
                        report.WriteAnchoreJson(stream);
                        break;
                    case "junit":
                        report.WriteJUnit(stream);
                        break;
                    case "sarif":
                        report.WriteSarif(options.DockerfilePath ?? sourceText, stream);
                        break;
                    default:
                        EvaluationTable.Write(report, stream, colored: target.Path is null && console.IsOutputTerminal);
                        break;
                }

                return Task.CompletedTask;
            });
            if (!targets.Any(t => t.Format == "table" && t.Path is null))
            {
                foreach (var note in result.Notes)
                {
                    console.Error($"gantry: warning: {note}");
                }

                console.Error($"gantry: final action {report.FinalAction.ToDisplayName()} ({report.ReasonText})");
            }

            return report.FinalAction == Verdict.Stop ? ExitCodes.GateFailed : ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
