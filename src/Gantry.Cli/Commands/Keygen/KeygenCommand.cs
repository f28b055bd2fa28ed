using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Operations;

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
        var format = new Option<string>("--format")
        {
            Description = "Private key file format: pkcs8 (ENCRYPTED PRIVATE KEY, which openssl reads) or cosign (ENCRYPTED SIGSTORE PRIVATE KEY, which cosign sign reads)",
            DefaultValueFactory = _ => "pkcs8",
        };
        format.AcceptOnlyFromAmong([.. SigningOperations.KeyFileFormatNames]);
        var command = new Command("keygen", $"Generate a cosign-compatible ECDSA P-256 key pair; the password comes from {PasswordSource.Variable} or a prompt");
        command.Options.Add(prefix);
        command.Options.Add(format);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async _ =>
        {
            var password = PasswordSource.Read(console, "Enter password for private key: ", confirm: true);
            var (privateKey, publicKey) = engine.Signing.GenerateKeyPair(parseResult.GetValue(prefix)!, password, parseResult.GetValue(format)!);
            console.Error($"private key written to {privateKey}");
            await console.Out.WriteLineAsync(publicKey);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
