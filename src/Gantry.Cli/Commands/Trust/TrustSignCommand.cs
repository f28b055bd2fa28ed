using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Trust;

/// <summary><c>gantry trust sign IMAGE:TAG</c>: publishes TAG → the registry's manifest digest and size, then reads it back verified.</summary>
internal static class TrustSignCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var image = new Argument<string>("image") { Description = "The pushed image: HOST[:PORT]/REPO:TAG (registry: prefix optional)" };
        var trust = new TrustFlags();
        var registry = new RegistryFlags();
        var command = new Command("sign", "Sign a tag in the notary server: into targets/releases when that delegation exists and its key is held, else into targets; a new repository is initialized first");
        command.Arguments.Add(image);
        trust.AddTo(command);
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var result = await engine.Trust.SignAsync(parseResult.GetValue(image)!, trust.Read(parseResult, console), registry.Read(parseResult), ct);
            var initialized = result.Initialized ? "; initialized a new trust repository" : string.Empty;
            console.Error($"signed {result.Gun}:{result.Tag} as {result.ManifestDigest} ({result.ManifestSize} bytes) in {result.Role} version {result.Version}{initialized}; read back and verified");
            await console.Out.WriteLineAsync($"{result.Gun}:{result.Tag} {result.ManifestDigest} {result.ManifestSize}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
