using System.CommandLine;
using System.Text.Json;
using Gantry.Engine;
using Gantry.Engine.Trust;

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
            var access = trust.Read(parseResult, console);
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

            await console.Out.WriteLineAsync(Render(found));

            return exitCode;
        }, cancellationToken));
        return command;
    }

    /// <summary>docker's field names and order: Name, SignedTags (SignedTag, Digest, Signers), Signers and AdministrativeKeys (Name, Keys[{ID}]).</summary>
    private static string Render(IReadOnlyList<TrustInspection> inspections)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var inspection in inspections)
            {
                json.WriteStartObject();
                json.WriteString("Name", inspection.Name);
                json.WriteStartArray("SignedTags");
                foreach (var tag in inspection.SignedTags)
                {
                    json.WriteStartObject();
                    json.WriteString("SignedTag", tag.SignedTag);
                    json.WriteString("Digest", tag.Digest);
                    json.WriteStartArray("Signers");
                    tag.Signers.ToList().ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                WriteKeys(json, "Signers", inspection.Signers);
                WriteKeys(json, "AdministrativeKeys", inspection.AdministrativeKeys);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteKeys(Utf8JsonWriter json, string name, IReadOnlyList<InspectedKeys> sets)
    {
        json.WriteStartArray(name);
        foreach (var set in sets)
        {
            json.WriteStartObject();
            json.WriteString("Name", set.Name);
            json.WriteStartArray("Keys");
            foreach (var id in set.KeyIds)
            {
                json.WriteStartObject();
                json.WriteString("ID", id);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
