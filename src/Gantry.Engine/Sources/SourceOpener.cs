using Gantry.Core;
using Gantry.Images;
using Gantry.Images.Registry;
using Gantry.Images.Sources;

namespace Gantry.Engine.Sources;

/// <summary>Opens the container image a source names, wherever it is.</summary>
public static class SourceOpener
{
    public static Task<ContainerImage> OpenImageAsync(SourceSpec source, ImageSourceOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return source.Kind switch
        {
            SourceKind.DockerArchive or SourceKind.OciArchive or SourceKind.OciDirectory =>
                Task.FromResult(ImageOpener.OpenLocal(source, options.Selector)),
            SourceKind.Registry => RegistryImageSource.OpenAsync(source, options.Selector, options.Registry, cancellationToken),
            _ => throw new InvalidInputException($"{source.Original}: is not an image"),
        };
    }
}
