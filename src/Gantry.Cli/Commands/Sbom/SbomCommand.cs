using System.CommandLine;
using Gantry.Core;
using Gantry.Engine;
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
                switch (target.Format)
                {
                    case "json":
                        NativeSbomWriter.Write(sbom, stream);
                        break;
                    case "cyclonedx-json":
                        CycloneDxWriter.Write(sbom, null, stream, engine.Clock.GetUtcNow());
                        break;
                    case "spdx-json":
                        SpdxWriter.Write(sbom, stream, engine.Clock.GetUtcNow());
                        break;
                    default:
                        SbomTable.Write(sbom, stream, colored: target.Path is null && console.IsOutputTerminal);
                        break;
                }

                return Task.CompletedTask;
            });
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
