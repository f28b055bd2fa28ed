using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Commands.Tags;

/// <summary><c>gantry tags REPO</c>: the tags of a registry repository, one per line.</summary>
internal static class TagsCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var repository = new Argument<string>("repository")
        {
            Description = "The repository: registry:HOST[:PORT]/REPO, HOST[:PORT]/REPO, or a Docker Hub name such as alpine",
        };
        var registry = new RegistryFlags();
        var command = new Command("tags", "List the tags of a registry repository (all pages)");
        command.Arguments.Add(repository);
        registry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async ct =>
        {
            var tags = await engine.Registry.ListTagsAsync(parseResult.GetValue(repository)!, registry.Read(parseResult), ct);
            foreach (var tag in tags)
            {
                await console.Out.WriteLineAsync(tag);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
