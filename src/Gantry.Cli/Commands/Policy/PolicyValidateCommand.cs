using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Policy;

/// <summary>
/// <c>gantry policy validate FILE</c>: every problem with its JSON path on stderr and exit 2, or a one-line OK.
/// Warnings (end-of-life gates, values Anchore accepted but cannot evaluate) are shown and do not fail.
/// </summary>
internal static class PolicyValidateCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var file = new Argument<string>("file") { Description = "The policy bundle (Anchore JSON, version 1_0)" };
        var command = new Command("validate", "Check a policy bundle: gates, triggers, parameters, regexes and references");
        command.Arguments.Add(file);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, _ =>
        {
            var path = parseResult.GetValue(file)!;
            var result = engine.Policy.Validate(path);
            foreach (var problem in result.Problems)
            {
                console.Error($"{path}: {problem}");
            }

            if (!result.IsValid)
            {
                console.Error($"gantry: policy bundle '{path}' is invalid: {result.Errors} problem(s)");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            console.Out.WriteLine($"{path}: OK (bundle '{result.Bundle}': {result.Policies} policies, {result.Rules} rules, {result.Mappings} mappings{(result.Warnings > 0 ? $", {result.Warnings} warnings" : string.Empty)})");
            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }
}
