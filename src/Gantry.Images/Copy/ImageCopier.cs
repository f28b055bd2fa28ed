using Gantry.Images.Registry;
using Gantry.Images.Sources;

namespace Gantry.Images.Copy;

/// <summary>
/// <c>gantry copy</c>: takes one image from any image source and writes it to a registry or an OCI
/// layout, keeping the manifest bytes (and so the digest) of the source.
/// </summary>
public static class ImageCopier
{
    public static async Task<CopyResult> CopyAsync(string source, string destination, ImageSelector selector, RegistryOptions options, CancellationToken cancellationToken)
    {
        var target = CopyDestination.Parse(destination);
        var spec = SourceSpec.Parse(source);
        using var client = new RegistryClient(options);
        using var image = spec.Kind == SourceKind.Registry
            ? await RegistryImageSource.OpenRawAsync(ImageReference.Parse(spec.Location), selector, client, cancellationToken).ConfigureAwait(false)
            : LocalRawImageReader.Open(spec, selector);
        return target.Kind switch
        {
            DestinationKind.Registry => await new RegistryPusher(client).PushAsync(image, target.Reference!, cancellationToken).ConfigureAwait(false),
            DestinationKind.OciDirectory => await OciLayoutWriter.WriteDirectoryAsync(image, target, cancellationToken).ConfigureAwait(false),
            _ => await OciLayoutWriter.WriteArchiveAsync(image, target, cancellationToken).ConfigureAwait(false),
        };
    }
}
