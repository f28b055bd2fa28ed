using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Trust;

/// <summary><c>gantry trust</c>: Docker Content Trust (Notary v1), as <c>docker trust</c> has it; trust dir and keys are notary's own.</summary>
internal static class TrustCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var command = new Command("trust", "Sign, inspect and revoke image tags in a notary server (Docker Content Trust), and manage signer keys");
        command.Subcommands.Add(TrustSignCommand.Create(console, engine));
        command.Subcommands.Add(TrustInspectCommand.Create(console, engine));
        command.Subcommands.Add(TrustRevokeCommand.Create(console, engine));
        command.Subcommands.Add(TrustKeyCommand.Create(console, engine));
        command.Subcommands.Add(TrustSignerCommand.Create(console, engine));
        return command;
    }
}
