using System.CommandLine;
using Gantry.Policy.Bundles;

namespace Gantry.Cli.Commands.Policy;

/// <summary>
/// <c>gantry policy validate FILE</c>: every problem with its JSON path on stderr and exit 2, or a one-line OK.
/// Warnings (end-of-life gates, values Anchore accepted but cannot evaluate) are shown and do not fail.
/// </summary>
internal static class PolicyValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The policy bundle (Anchore JSON, version 1_0)" };
        var command = new Command("validate", "Check a policy bundle: gates, triggers, parameters, regexes and references");
        command.Arguments.Add(file);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, _ =>
        {
            var path = parseResult.GetValue(file)!;
            var result = BundleLoader.ParseFile(path);
            foreach (var problem in result.Problems)
            {
                console.Error($"{path}: {problem}");
            }

            if (result.Bundle is not { } bundle)
            {
                console.Error($"gantry: policy bundle '{path}' is invalid: {result.Errors.Count()} problem(s)");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var warnings = result.Warnings.Count();
            var rules = bundle.Policies.Sum(p => p.Rules.Count);
            console.Out.WriteLine($"{path}: OK (bundle '{bundle.Name ?? bundle.Id}': {bundle.Policies.Count} policies, {rules} rules, {bundle.Mappings.Count} mappings{(warnings > 0 ? $", {warnings} warnings" : string.Empty)})");
            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }
}
