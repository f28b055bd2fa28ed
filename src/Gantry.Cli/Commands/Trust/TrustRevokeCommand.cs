using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Trust;

/// <summary><c>gantry trust revoke IMAGE:TAG</c>: removes the tag's signature from the released role that lists it.</summary>
internal static class TrustRevokeCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var image = new Argument<string>("image") { Description = "HOST[:PORT]/REPO:TAG whose signature to remove" };
        var trust = new TrustFlags();
        var command = new Command("revoke", "Remove a tag's signature (from targets/releases or targets, whichever lists it); the key of that role must be in the trust dir");
        command.Arguments.Add(image);
        trust.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var name = parseResult.GetValue(image)!;
            var result = await engine.Trust.RevokeAsync(name, trust.Read(parseResult, console, environmentLogin: true), ct);
            console.Error($"revoked {name}: {result.Role} is now version {result.Version}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
