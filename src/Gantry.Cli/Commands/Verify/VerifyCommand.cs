using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Verify;

/// <summary><c>gantry verify IMAGE --key PUB</c>: checks the image's cosign signatures; exit 0 only if one verifies.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var image = new Argument<string>("image") { Description = "The image in a registry: HOST[:PORT]/REPO[:TAG|@DIGEST] (registry: prefix optional)" };
        var key = new Option<string>("--key") { Description = "The public key PEM (PUBLIC KEY, as gantry keygen and cosign write it)", Required = true };
        var annotations = new AnnotationOption("Require KEY=VALUE in the payload's optional section; repeatable");
        var registry = new RegistryFlags();
        var command = new Command("verify", "Verify an image's cosign signatures against a public key; exit 1 when none verifies");
        command.Arguments.Add(image);
        command.Options.Add(key);
        annotations.AddTo(command);
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var options = registry.Read(parseResult);
            var required = annotations.Read(parseResult);
            using var publicKey = engine.Signing.LoadPublicKey(parseResult.GetValue(key)!);
            var result = await engine.Signing.VerifyAsync(parseResult.GetValue(image)!, publicKey, required, options, ct);
            foreach (var signature in result.Signatures)
            {
                await console.Out.WriteLineAsync($"{(signature.Verified ? "ok  " : "FAIL")} signature #{signature.Index + 1} (payload {signature.PayloadDigest}): {signature.Detail}");
            }

            if (result.FailureReason is { } reason)
            {
                console.Error($"gantry: verification failed for {result.Image}@{result.ImageDigest}: {reason}");
                return ExitCodes.GateFailed;
            }

            console.Error($"verified {result.Image}@{result.ImageDigest}: {result.Signatures.Count(s => s.Verified)} of {result.Signatures.Count} signature(s) from {result.SignatureReference}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
