using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Keygen;

/// <summary><c>gantry keygen</c>: writes an ECDSA P-256 key pair, the private key encrypted with a password.</summary>
internal static class KeygenCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var prefix = new Option<string>("--output-key-prefix")
        {
            Description = "Write PREFIX.key (encrypted private key) and PREFIX.pub (public key); existing files are never replaced",
            DefaultValueFactory = _ => "cosign",
        };
        var command = new Command("keygen", $"Generate a cosign-compatible ECDSA P-256 key pair; the password comes from {PasswordSource.Variable} or a prompt");
        command.Options.Add(prefix);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async _ =>
        {
            var password = PasswordSource.Read(console, "Enter password for private key: ", confirm: true);
            var (privateKey, publicKey) = engine.Signing.GenerateKeyPair(parseResult.GetValue(prefix)!, password);
            console.Error($"private key written to {privateKey}");
            await console.Out.WriteLineAsync(publicKey);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
