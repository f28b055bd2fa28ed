using System.CommandLine;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Sources;
using Gantry.Engine.Trust;

namespace Gantry.Cli.Commands.Verify;

/// <summary>
/// <c>gantry verify IMAGE --key PUB</c> checks the image's cosign signatures; <c>gantry verify IMAGE:TAG --trust-server URL</c>
/// checks its Docker Content Trust signature. Exit 0 only when the signature verifies, 1 with the reason otherwise.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var image = new Argument<string>("image") { Description = "The image in a registry: HOST[:PORT]/REPO[:TAG|@DIGEST] (registry: prefix optional)" };
        var key = new Option<string?>("--key") { Description = "Verify cosign signatures with this public key PEM (PUBLIC KEY, as gantry keygen and cosign write it)" };
        var annotations = new AnnotationOption("Require KEY=VALUE in the payload's optional section; repeatable");
        var registry = new RegistryFlags();
        var trust = new TrustFlags();
        var command = new Command("verify",
            "Verify an image's cosign signatures against a public key (--key), or its tag's Docker Content Trust signature (--trust-server); exit 1 when it does not verify");
        command.Arguments.Add(image);
        command.Options.Add(key);
        annotations.AddTo(command);
        registry.AddTo(command);
        trust.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var name = parseResult.GetValue(image)!;
            var access = registry.Read(parseResult);
            if (parseResult.GetValue(key) is { } keyPath)
            {
                return await VerifyCosignAsync(console, engine, name, keyPath, annotations.Read(parseResult), access, ct);
            }

            var notary = trust.ReadOptional(parseResult, console)
                         ?? throw new InvalidInputException("verify: give --key PUB (cosign signatures) or --trust-server URL (Docker Content Trust)");
            return await VerifyNotaryAsync(console, engine, name, notary, access, ct);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> VerifyCosignAsync(CliConsole console, GantryEngine engine, string image, string keyPath,
        IReadOnlyDictionary<string, string> required, RegistryAccess registry, CancellationToken cancellationToken)
    {
        using var publicKey = engine.Signing.LoadPublicKey(keyPath);
        var result = await engine.Signing.VerifyAsync(image, publicKey, required, registry, cancellationToken);
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
    }

    private static async Task<int> VerifyNotaryAsync(CliConsole console, GantryEngine engine, string image, TrustAccess trust, RegistryAccess registry,
        CancellationToken cancellationToken)
    {
        var result = await engine.Trust.VerifyAsync(image, trust, registry, cancellationToken);
        foreach (var warning in result.Warnings)
        {
            console.Error($"gantry: warning: {warning}");
        }

        if (result.FailureReason is { } reason)
        {
            console.Error($"gantry: trust verification failed for {result.Gun}:{result.Tag}: {reason}");
            return ExitCodes.GateFailed;
        }

        await console.Out.WriteLineAsync($"{result.Gun}:{result.Tag} {result.SignedDigest} {result.SignedSize} {result.SignedRole}");
        console.Error($"verified {result.Gun}:{result.Tag}: signed in {result.SignedRole} as {result.SignedDigest} ({result.SignedSize} bytes), the manifest the registry serves");
        return ExitCodes.Success;
    }
}
