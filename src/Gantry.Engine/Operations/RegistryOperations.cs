using Gantry.Core;
using Gantry.Engine.Sources;
using Gantry.Images.Copy;
using Gantry.Images.Registry;

namespace Gantry.Engine.Operations;

/// <summary>What <c>copy</c> did: where the image went, its (unchanged) manifest digest, and how its blobs got there.</summary>
public sealed record CopyReport(string Destination, Digest ManifestDigest, int BlobsWritten, int BlobsSkipped, int BlobsMounted);

/// <summary><c>copy</c>, <c>tags</c> and the service's login check: registry work that is not analysis. Waits between retries run on the engine's clock.</summary>
public sealed class RegistryOperations(TimeProvider clock)
{
    /// <summary>Copies one image to a registry or an OCI layout, keeping its digest.</summary>
    public async Task<CopyReport> CopyAsync(string source, string destination, ImageSourceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var on = options.On(clock);
        var result = await ImageCopier.CopyAsync(source, destination, on.Selector, on.Registry, cancellationToken).ConfigureAwait(false);
        return new CopyReport(result.Destination, result.ManifestDigest, result.BlobsWritten, result.BlobsSkipped, result.BlobsMounted);
    }

    /// <summary>Logs in to a registry with <paramref name="registry"/>'s credentials (v2 ping, then the challenge); throws when it refuses them.</summary>
    public Task CheckLoginAsync(string registryName, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return RegistryLogin.CheckAsync(registryName, registry.ToOptions(clock), cancellationToken);
    }

    /// <summary>Every tag of a repository (all pages).</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return RegistryTags.ListAsync(repository, registry.ToOptions(clock), cancellationToken);
    }
}
