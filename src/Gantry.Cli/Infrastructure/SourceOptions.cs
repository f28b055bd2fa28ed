using System.CommandLine;
using Gantry.Engine.Sources;

namespace Gantry.Cli.Infrastructure;

/// <summary>The options every command that reads an image shares: which image, which platform, how to reach registries.</summary>
internal sealed class SourceOptions
{
    private readonly Option<string?> _image = new("--image")
    {
        Description = "Pick one image from an archive or layout that holds several (NAME:TAG or a digest)",
    };

    private readonly Option<string?> _platform = new("--platform")
    {
        Description = "Pick a platform from a multi-platform image: os/arch[/variant] (default linux/amd64)",
    };

    private readonly RegistryFlags _registry = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_image);
        command.Options.Add(_platform);
        _registry.AddTo(command);
    }

    public ImageSourceOptions Read(ParseResult parseResult)
    {
        return ImageSourceOptions.For(parseResult.GetValue(_image), parseResult.GetValue(_platform), _registry.Read(parseResult));
    }
}
