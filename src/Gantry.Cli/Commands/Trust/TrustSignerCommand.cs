using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Trust;

/// <summary><c>gantry trust signer add --key PUB NAME IMAGE</c>: delegates signing to a signer, as <c>docker trust signer add</c> does.</summary>
internal static class TrustSignerCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var command = new Command("signer", "Manage the signers (delegations) of a repository");
        command.Subcommands.Add(Add(console, engine));
        return command;
    }

    private static Command Add(CliConsole console, GantryEngine engine)
    {
        var name = new Argument<string>("name") { Description = "The signer's name" };
        var image = new Argument<string>("repository") { Description = "HOST[:PORT]/REPO" };
        var keys = new Option<string[]>("--key")
        {
            Description = "The signer's public key (PUBLIC KEY or CERTIFICATE PEM, as trust key generate writes it); repeatable",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var trust = new TrustFlags();
        var command = new Command("add", "Add the signer's keys to targets/NAME and targets/releases (the repository's targets key signs; a new repository is initialized)");
        command.Arguments.Add(name);
        command.Arguments.Add(image);
        command.Options.Add(keys);
        trust.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var result = await engine.Trust.AddSignerAsync(parseResult.GetValue(image)!, parseResult.GetValue(name)!, parseResult.GetValue(keys)!,
                trust.Read(parseResult, console, environmentLogin: true), ct);
            console.Error($"added signer {parseResult.GetValue(name)} to {result.Gun}: targets version {result.Version}{(result.Initialized ? "; initialized a new trust repository" : string.Empty)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
