using Gantry.Core;
using Gantry.Images.Copy;
using Gantry.Images.Oci;
using Gantry.Images.Sources;

namespace Gantry.Images.Registry;

/// <summary>
/// Pulls an image from a registry: resolves the reference (choosing the platform from an index),
/// verifies the manifest and config, and streams layers straight from the registry.
/// </summary>
public static class RegistryImageSource
{
    public static async Task<ContainerImage> OpenAsync(SourceSpec source, ImageSelector selector, RegistryOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reference = ImageReference.Parse(source.Location);
        var client = new RegistryClient(options);
        try
        {
            var (manifestBlob, manifest) = await ResolveAsync(client, reference, selector, cancellationToken).ConfigureAwait(false);
            var configBytes = await client.GetSmallBlobAsync(reference, manifest.Config!, "config", cancellationToken).ConfigureAwait(false);
            var config = ManifestLoader.ParseConfig(configBytes, $"{reference}: config {manifest.Config!.Digest}");
            CheckPlatform(reference, selector, config);
            var (description, layers) = ManifestLoader.Describe(source, manifest.Layers, config, manifestBlob.Digest.ToString(),
                manifestBlob.MediaType, manifest.Config.Digest, [reference.ToString()], manifest.Annotations);
            return new ContainerImage(description, config, layers, (layer, ct) => client.OpenBlobAsync(reference, layer.Blob, ct), client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    internal static async Task<RawImage> OpenRawAsync(ImageReference reference, ImageSelector selector, RegistryClient client, CancellationToken cancellationToken)
    {
        var (manifestBlob, manifest) = await ResolveAsync(client, reference, selector, cancellationToken).ConfigureAwait(false);
        return new RawImage
        {
            DisplayName = reference.ToString(),
            ManifestBytes = manifestBlob.Bytes,
            ManifestMediaType = manifestBlob.MediaType,
            Manifest = manifest,
            OpenBlob = (descriptor, ct) => client.OpenBlobAsync(reference, descriptor, ct),
            Origin = reference,
        };
    }

    /// <summary>The image manifest the reference names; for an index, the entry for the selected platform.</summary>
    internal static async Task<(ManifestBlob Blob, OciManifest Manifest)> ResolveAsync(
        RegistryClient client, ImageReference reference, ImageSelector selector, CancellationToken cancellationToken)
    {
        var blob = await client.GetManifestAsync(reference, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        if (MediaTypes.IsIndex(blob.MediaType))
        {
            var index = ManifestLoader.Deserialize(blob.Bytes, OciJsonContext.Default.OciIndex, $"{reference}: index");
            var entry = ChoosePlatform(reference, index, selector.Platform ?? ImageSelector.DefaultPlatform);
            blob = await client.GetManifestAsync(reference, entry.Digest, cancellationToken).ConfigureAwait(false);
            if (!MediaTypes.IsManifest(blob.MediaType))
            {
                throw new InvalidInputException($"{reference}: index entry {entry.Digest} is a {blob.MediaType}, not an image manifest");
            }
        }

        var manifest = ManifestLoader.Deserialize(blob.Bytes, OciJsonContext.Default.OciManifest, $"{reference}: manifest {blob.Digest}");
        if (manifest.Config is null)
        {
            throw new InvalidInputException($"{reference}: manifest {blob.Digest} has no config");
        }

        return (blob, manifest);
    }

    private static OciDescriptor ChoosePlatform(ImageReference reference, OciIndex index, OciPlatform wanted)
    {
        // Attestation manifests carry platform unknown/unknown; they are not images to scan.
        var images = index.Manifests.Where(m => m.Platform is { Os: not "unknown" } && !MediaTypes.IsIndex(m.MediaType)).ToList();
        if (images.Count == 0 && index.Manifests.Count == 1)
        {
            return index.Manifests[0];
        }

        return images.FirstOrDefault(m => ImageSelector.PlatformMatches(wanted, m.Platform))
            ?? throw new InvalidInputException($"{reference}: no image for platform {wanted}; platforms here: {(images.Count == 0 ? "none" : string.Join(", ", images.Select(m => m.Platform!.ToString()).Distinct()))}");
    }

    /// <summary>A single-platform manifest only fails the check when the user asked for another platform.</summary>
    private static void CheckPlatform(ImageReference reference, ImageSelector selector, ImageConfigFile config)
    {
        if (selector.Platform is { } wanted && config.Os is not null && config.Architecture is not null)
        {
            var offered = new OciPlatform { Os = config.Os, Architecture = config.Architecture, Variant = config.Variant };
            if (!ImageSelector.PlatformMatches(wanted, offered))
            {
                throw new InvalidInputException($"{reference}: no image for platform {wanted}; platforms here: {offered}");
            }
        }
    }
}
