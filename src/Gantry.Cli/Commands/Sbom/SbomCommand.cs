using System.CommandLine;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Formats;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Native;
using Gantry.Formats.Spdx;

namespace Gantry.Cli.Commands.Sbom;

/// <summary><c>gantry sbom SOURCE</c>: the layer-aware bill of materials of an image or folder.</summary>
internal static class SbomCommand
{
    private static readonly string[] Formats = ["table", "json", "cyclonedx-json", "spdx-json"];

    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var source = new Argument<string>("source")
        {
            Description = "docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH, registry:REF, or a path",
        };
        var sourceOptions = new SourceOptions();
        var scope = new ScopeOption();
        var cache = new CacheFlags();
        var outputs = new OutputTargets(Formats, defaultFormat: "table");
        var command = new Command("sbom", "List the packages in an image, with the layer each came from");
        command.Arguments.Add(source);
        sourceOptions.AddTo(command);
        scope.AddTo(command);
        cache.AddTo(command);
        outputs.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var targets = outputs.Read(parseResult, console.IsOutputTerminal);
            // Its first document costs a writer tens of milliseconds: a sample is written while a core is idle (SbomWriterWarmUp).
            _ = Task.Run(
                () =>
                {
                    foreach (var target in targets)
                    {
                        Write(SbomWriterWarmUp.Sample, target.Format, Stream.Null, colored: false, DateTimeOffset.UnixEpoch);
                    }
                },
                ct);
            var options = new SbomOptions
            {
                Source = sourceOptions.Read(parseResult),
                Scope = scope.Read(parseResult),
                Cache = cache.Open(parseResult, console, engine),
            };
            var sbom = await ProgressDisplay.RunAsync(console, progress =>
                engine.Sbom.GenerateAsync(parseResult.GetValue(source)!, options, progress, ct));
            await OutputTargets.WriteAllAsync(targets, console, (target, stream) =>
            {
                Write(sbom, target.Format, stream, colored: target.Path is null && console.IsOutputTerminal, engine.Clock.GetUtcNow());
                return Task.CompletedTask;
            });
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void Write(Core.Sbom sbom, string format, Stream stream, bool colored, DateTimeOffset now)
    {
        switch (format)
        {
            case "json":
                NativeSbomWriter.Write(sbom, stream);
                break;
            case "cyclonedx-json":
                CycloneDxWriter.Write(sbom, null, stream, now);
                break;
            case "spdx-json":
                SpdxWriter.Write(sbom, stream, now);
                break;
            default:
                SbomTable.Write(sbom, stream, colored);
                break;
        }
    }
}
