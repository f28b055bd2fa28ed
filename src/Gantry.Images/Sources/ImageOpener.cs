using Gantry.Core;
using Gantry.Images.Blobs;

namespace Gantry.Images.Sources;

/// <summary>Opens the image a local source names (docker-archive, oci-archive, oci-dir).</summary>
public static class ImageOpener
{
    public static ContainerImage OpenLocal(SourceSpec source, ImageSelector selector)
    {
        switch (source.Kind)
        {
            case SourceKind.DockerArchive:
            case SourceKind.OciArchive:
                if (Directory.Exists(source.Location))
                {
                    throw new InvalidInputException($"{source.Original}: is a folder; use oci-dir: or dir:");
                }

                var store = TarArchiveStore.Open(source.Location, source.Original);
                try
                {
                    return source.Kind == SourceKind.OciArchive
                        ? OciLayoutReader.Read(store, source, selector)
                        : DockerArchiveReader.Read(store, source, selector);
                }
                catch
                {
                    store.Dispose();
                    throw;
                }

            case SourceKind.OciDirectory:
                if (!Directory.Exists(source.Location))
                {
                    throw new InvalidInputException($"{source.Original}: folder not found");
                }

                return OciLayoutReader.Read(new OciLayoutDirectoryStore(source.Location, source.Original), source, selector);
            default:
                throw new ArgumentException($"{source.Kind} is not a local image source", nameof(source));
        }
    }
}
