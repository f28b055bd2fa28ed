using System.CommandLine;
using Gantry.Core;
using Gantry.Policy.Gates;

namespace Gantry.Cli.Commands.Policy;

/// <summary><c>gantry policy describe [--gate G]</c>: gates, triggers and parameters with their documentation.</summary>
internal static class PolicyDescribeCommand
{
    public static Command Create(CliConsole console)
    {
        var gateOption = new Option<string?>("--gate", "-g") { Description = "Describe only this gate" };
        var command = new Command("describe", "List the gates, triggers and parameters a bundle can use");
        command.Options.Add(gateOption);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, _ =>
        {
            var name = parseResult.GetValue(gateOption);
            if (name is null)
            {
                foreach (var gate in GateRegistry.All.Where(g => g.Origin != GateOrigin.Legacy))
                {
                    Describe(console.Out, gate);
                }

                console.Out.WriteLine("End-of-life Anchore gates (rules load and evaluate to nothing, with a warning):");
                console.Out.WriteLine("  " + string.Join(", ", GateRegistry.All.Where(g => g.Origin == GateOrigin.Legacy).Select(g => g.Name)));
            }
            else
            {
                var gate = GateRegistry.Find(name)
                    ?? throw new InvalidInputException($"unknown gate '{name}' (known gates: {string.Join(", ", GateRegistry.All.Select(g => g.Name))})");
                Describe(console.Out, gate);
            }

            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    private static void Describe(TextWriter output, GateDefinition gate)
    {
        var origin = gate.Origin switch
        {
            GateOrigin.Gantry => " [Gantry addition]",
            GateOrigin.Legacy => " [end-of-life]",
            _ => string.Empty,
        };
        output.WriteLine($"{gate.Name}{origin}: {gate.Description}");
        foreach (var trigger in gate.Triggers)
        {
            output.WriteLine($"  {trigger.Name}: {trigger.Description}");
            foreach (var parameter in trigger.Parameters)
            {
                output.WriteLine($"    {parameter.Name} ({string.Join(", ", Facts(parameter))}): {parameter.Description}");
            }
        }

        output.WriteLine();
    }

    private static IEnumerable<string> Facts(TriggerParameter parameter)
    {
        yield return parameter.Required ? "required" : "optional";
        yield return parameter.Kind switch
        {
            ParameterKind.Enum => "one of " + string.Join("|", parameter.AllowedValues),
            ParameterKind.CommaList => "comma-separated list",
            ParameterKind.CommaNumberList => "comma-separated numbers",
            ParameterKind.Boolean => "true|false",
            ParameterKind.Integer => "integer",
            ParameterKind.Float => "number",
            ParameterKind.Regex => "regex",
            ParameterKind.Bytes => "size",
            ParameterKind.Octal => "octal mode",
            _ => "string",
        };
        if (parameter.Default is { } value)
        {
            yield return $"default {value}";
        }

        if (parameter.Example is { } example)
        {
            yield return $"e.g. {example}";
        }

        if (parameter.IsGantryExtension)
        {
            yield return "Gantry addition";
        }
    }
}
