using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Evaluation;
using Gantry.Formats.Policy;
using Gantry.Policy;
using Gantry.Policy.Evaluation;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Cli.Commands.Evaluate;

/// <summary>
/// <c>gantry evaluate SOURCE --policy BUNDLE</c>: analyzes the image (or reads a Gantry SBOM), matches it against the
/// vulnerability database and evaluates an Anchore policy bundle. Exit 0 for GO and WARN, 1 for STOP, 2 for an
/// invalid bundle or input.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly string[] Formats = ["table", "json", "junit", "sarif"];

    public static Command Create(CliConsole console)
    {
        var source = new Argument<string>("source")
        {
            Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH, registry:REF, sbom:PATH, or a path",
        };
        var policy = new Option<string>("--policy", "-p") { Description = "The Anchore policy bundle (JSON, version 1_0)", Required = true };
        var dockerfile = new Option<string?>("--dockerfile") { Description = "The image's Dockerfile; without it the Dockerfile is guessed from the image history and config" };
        var secretConfig = new Option<string?>("--secret-config") { Description = "Secret rules in Trivy's format (rules, allow-rules, enable-builtin-rules…); default: Anchore's rules" };
        var db = new Option<string?>("--db") { Description = $"Vulnerability database (default: ${DatabasePaths.EnvironmentVariable}, else $XDG_CACHE_HOME/gantry/db/{DatabasePaths.FileName}; a named one must exist, a missing default one means no vulnerability data)" };
        var noDb = new Option<bool>("--no-db") { Description = "Skip vulnerability matching: evaluate the other gates; vulnerability_data_unavailable and stale_feed_data fire" };
        var sourceOptions = new SourceOptions();
        var outputs = new OutputTargets(Formats, defaultFormat: "table");
        var command = new Command("evaluate", "Evaluate an image against an Anchore policy bundle: STOP, WARN or GO");
        command.Arguments.Add(source);
        command.Options.Add(policy);
        command.Options.Add(dockerfile);
        command.Options.Add(secretConfig);
        command.Options.Add(db);
        command.Options.Add(noDb);
        sourceOptions.AddTo(command);
        outputs.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var targets = outputs.Read(parseResult, console.IsOutputTerminal);
            var explicitDb = parseResult.GetValue(db) ?? Environment.GetEnvironmentVariable(DatabasePaths.EnvironmentVariable);
            if (parseResult.GetValue(noDb) && parseResult.GetValue(db) is not null)
            {
                throw new Core.InvalidInputException("--no-db: cannot be combined with --db");
            }

            var options = new EvaluationOptions
            {
                PolicyPath = parseResult.GetValue(policy)!,
                DockerfilePath = parseResult.GetValue(dockerfile),
                SecretRulesPath = parseResult.GetValue(secretConfig),
                DatabasePath = parseResult.GetValue(noDb) ? null : DatabasePaths.Resolve(parseResult.GetValue(db)),
                DatabaseRequired = !string.IsNullOrEmpty(explicitDb),
                Analysis = new SbomOptions { Source = sourceOptions.Read(parseResult) },
            };
            var sourceText = parseResult.GetValue(source)!;
            var result = await ProgressDisplay.RunAsync(console, progress => new ImageEvaluator().EvaluateAsync(sourceText, options, progress, ct));
            var evaluation = result.Evaluation;
            await OutputTargets.WriteAllAsync(targets, console, (target, stream) =>
            {
                switch (target.Format)
                {
                    case "json":
                        AnchoreResultWriter.Write(evaluation, stream);
                        break;
                    case "junit":
                        PolicyJUnitWriter.Write(evaluation, stream);
                        break;
                    case "sarif":
                        PolicySarifWriter.Write(evaluation, options.DockerfilePath ?? sourceText, stream);
                        break;
                    default:
                        EvaluationTable.Write(evaluation, result.Notes, stream, colored: target.Path is null && console.IsOutputTerminal);
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

                console.Error($"gantry: final action {evaluation.FinalAction.ToWireName().ToUpperInvariant()} ({evaluation.ReasonText})");
            }

            return evaluation.FinalAction == GateAction.Stop ? ExitCodes.GateFailed : ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
