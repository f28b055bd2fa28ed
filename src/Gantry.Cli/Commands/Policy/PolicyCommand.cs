using System.CommandLine;

namespace Gantry.Cli.Commands.Policy;

/// <summary><c>gantry policy</c>: work with Anchore policy bundles.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("policy", "Validate and describe Anchore policy bundles");
        command.Subcommands.Add(PolicyValidateCommand.Create(console));
        command.Subcommands.Add(PolicyDescribeCommand.Create(console));
        return command;
    }
}
