using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Trust;

/// <summary><c>gantry trust key generate|load</c>: signer keys in the trust dir, as <c>docker trust key</c> keeps them.</summary>
internal static class TrustKeyCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var command = new Command("key", "Generate or load a signer key into the trust dir");
        command.Subcommands.Add(Generate(console, engine));
        command.Subcommands.Add(Load(console, engine));
        return command;
    }

    private static Command Generate(CliConsole console, GantryEngine engine)
    {
        var name = new Argument<string>("name") { Description = "The signer's name (lowercase letters, digits, '-' and '_')" };
        var folder = new Option<string>("--dir") { Description = "Where to write NAME.pub", DefaultValueFactory = _ => "." };
        var trust = new TrustFlags();
        var command = new Command("generate", "Generate an ECDSA P-256 signer key: the private key goes into the trust dir (repository passphrase), the public key to NAME.pub");
        command.Arguments.Add(name);
        command.Options.Add(folder);
        trust.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async _ =>
        {
            var key = engine.Trust.GenerateKey(trust.TrustDirectory(parseResult), parseResult.GetValue(name)!, parseResult.GetValue(folder)!,
                TrustFlags.Passphrases(console));
            console.Error($"generated signer key {key.Name} ({key.KeyId}); its public key is {key.PublicKeyPath}");
            await console.Out.WriteLineAsync(key.PublicKeyPath);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Load(CliConsole console, GantryEngine engine)
    {
        var file = new Argument<string>("keyfile") { Description = "A private key PEM (PKCS#8, encrypted or not, or EC PRIVATE KEY)" };
        var name = new Option<string>("--name") { Description = "The signer's name", DefaultValueFactory = _ => "signer" };
        var trust = new TrustFlags();
        var command = new Command("load", "Import a private key into the trust dir as a signer key, encrypted with the repository passphrase");
        command.Arguments.Add(file);
        command.Options.Add(name);
        trust.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async _ =>
        {
            var key = engine.Trust.LoadKey(trust.TrustDirectory(parseResult), parseResult.GetValue(file)!, parseResult.GetValue(name)!,
                TrustFlags.Passphrases(console));
            console.Error($"loaded signer key {key.Name} ({key.KeyId})");
            await console.Out.WriteLineAsync(key.KeyId);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
