using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Operations;

namespace Gantry.Cli.Commands.Policy;

/// <summary><c>gantry policy describe [--gate G]</c>: gates, triggers and parameters with their documentation.</summary>
internal static class PolicyDescribeCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var gateOption = new Option<string?>("--gate", "-g") { Description = "Describe only this gate" };
        var command = new Command("describe", "List the gates, triggers and parameters a bundle can use");
        command.Options.Add(gateOption);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, _ =>
        {
            var name = parseResult.GetValue(gateOption);
            foreach (var gate in engine.Policy.Describe(name))
            {
                Describe(console.Out, gate);
            }

            if (name is null)
            {
                console.Out.WriteLine("End-of-life Anchore gates (rules load and evaluate to nothing, with a warning):");
                console.Out.WriteLine("  " + string.Join(", ", engine.Policy.EndOfLifeGates()));
            }

            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }

    private static void Describe(TextWriter output, GateDescription gate)
    {
        output.WriteLine($"{gate.Name}{(gate.Origin is null ? string.Empty : $" [{gate.Origin}]")}: {gate.Description}");
        foreach (var trigger in gate.Triggers)
        {
            output.WriteLine($"  {trigger.Name}: {trigger.Description}");
            foreach (var parameter in trigger.Parameters)
            {
                output.WriteLine($"    {parameter.Name} ({string.Join(", ", parameter.Facts)}): {parameter.Description}");
            }
        }

        output.WriteLine();
    }
}
