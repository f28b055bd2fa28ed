using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Sign;

/// <summary><c>gantry sign IMAGE --key KEY</c>: signs an image in its registry the way cosign does.</summary>
internal static class SignCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var image = new Argument<string>("image") { Description = "The image in a registry: HOST[:PORT]/REPO[:TAG|@DIGEST] (registry: prefix optional)" };
        var key = new Option<string>("--key") { Description = "The private key PEM (from gantry keygen, or an unencrypted openssl EC key)", Required = true };
        var annotations = new AnnotationOption("Add KEY=VALUE to the payload's optional section; repeatable");
        var registry = new RegistryFlags();
        var command = new Command("sign", "Sign an image with a key; pushes a cosign signature to the sha256-<hex>.sig tag of its repository");
        command.Arguments.Add(image);
        command.Options.Add(key);
        annotations.AddTo(command);
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var options = registry.Read(parseResult);
            var extra = annotations.Read(parseResult);
            using var signer = engine.Signing.LoadPrivateKey(parseResult.GetValue(key)!, () => PasswordSource.Read(console, "Enter password for private key: ", confirm: false));
            var result = await engine.Signing.SignAsync(parseResult.GetValue(image)!, signer, extra, options, ct);
            console.Error($"signed {result.Image}@{result.ImageDigest}: {result.SignatureReference} now holds {result.SignatureCount} signature(s)");
            await console.Out.WriteLineAsync($"{result.SignatureReference}@{result.SignatureManifestDigest}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
