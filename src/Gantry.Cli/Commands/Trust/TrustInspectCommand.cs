using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Trust;
using Gantry.Formats.Trust;

namespace Gantry.Cli.Commands.Trust;

/// <summary><c>gantry trust inspect IMAGE[:TAG]…</c>: the verified trust data as <c>docker trust inspect</c> prints it (a JSON array, one object per image).</summary>
internal static class TrustInspectCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var images = new Argument<string[]>("images") { Description = "HOST[:PORT]/REPO[:TAG]; with a tag only that tag is listed", Arity = ArgumentArity.OneOrMore };
        var trust = new TrustFlags();
        var command = new Command("inspect", "Show signed tags, signers and administrative keys, in docker trust inspect's JSON; exit 1 when an image has no trust data");
        command.Arguments.Add(images);
        trust.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var access = trust.Read(parseResult, console, environmentLogin: true);
            var found = new List<TrustInspection>();
            var exitCode = ExitCodes.Success;
            foreach (var image in parseResult.GetValue(images)!)
            {
                if (await engine.Trust.InspectAsync(image, access, ct) is { } inspection)
                {
                    found.Add(inspection);
                }
                else
                {
                    console.Error($"gantry: no signatures for {image} on {access.Server}");
                    exitCode = ExitCodes.GateFailed;
                }
            }

            using var json = new MemoryStream();
            TrustInspectWriter.Write(found.Select(Document).ToList(), json);
            await console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(json.ToArray()));

            return exitCode;
        }, cancellationToken));
        return command;
    }

    private static TrustInspectDocument Document(TrustInspection inspection) => new(
        inspection.Name,
        inspection.SignedTags.Select(t => new TrustSignedTag(t.SignedTag, t.Digest, t.Signers)).ToList(),
        inspection.Signers.Select(KeySet).ToList(),
        inspection.AdministrativeKeys.Select(KeySet).ToList());

    private static TrustKeySet KeySet(InspectedKeys keys) => new(keys.Name, keys.KeyIds.Select(id => new TrustKeyId(id)).ToList());
}
