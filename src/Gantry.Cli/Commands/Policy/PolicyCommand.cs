using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Policy;

/// <summary><c>gantry policy</c>: work with Anchore policy bundles.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var command = new Command("policy", "Validate and describe Anchore policy bundles");
        command.Subcommands.Add(PolicyValidateCommand.Create(console, engine));
        command.Subcommands.Add(PolicyDescribeCommand.Create(console, engine));
        return command;
    }
}
