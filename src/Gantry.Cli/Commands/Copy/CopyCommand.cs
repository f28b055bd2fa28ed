using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Copy;

/// <summary><c>gantry copy SOURCE DEST</c>: copies one image to a registry or an OCI layout, keeping its digest.</summary>
internal static class CopyCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var source = new Argument<string>("source")
        {
            Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, registry:REF, or a path",
        };
        var destination = new Argument<string>("destination")
        {
            Description = "registry:REF (or HOST[:PORT]/REPO[:TAG]), oci-dir:PATH[:TAG] or oci-archive:PATH[:TAG]",
        };
        var sourceOptions = new SourceOptions();
        var command = new Command("copy", "Copy an image to a registry or an OCI layout; prints the manifest digest");
        command.Arguments.Add(source);
        command.Arguments.Add(destination);
        sourceOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var result = await engine.Registry.CopyAsync(parseResult.GetValue(source)!, parseResult.GetValue(destination)!, sourceOptions.Read(parseResult), ct);
            console.Error($"copied to {result.Destination}: {result.BlobsWritten} blobs written, {result.BlobsSkipped} already there, {result.BlobsMounted} mounted");
            await console.Out.WriteLineAsync(result.ManifestDigest.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
