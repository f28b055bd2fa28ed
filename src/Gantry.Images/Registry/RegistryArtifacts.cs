using System.Net;
using System.Net.Http.Headers;
using Gantry.Core;
using Gantry.Images.Copy;
using Gantry.Images.Oci;
using Gantry.Images.Sources;

namespace Gantry.Images.Registry;

/// <summary>A manifest as the registry stored it, with the digest of exactly these bytes.</summary>
public sealed record RegistryManifest(byte[] Bytes, string MediaType, Digest Digest);

/// <summary>
/// Small artifacts that live beside images in a repository (cosign's <c>sha256-….sig</c>
/// signature manifests): resolve a reference to its digest, read a tag that may not exist, read a
/// small blob, and push a manifest built in memory with its blobs.
/// </summary>
public sealed class RegistryArtifacts : IDisposable
{
    private readonly RegistryClient _client;

    public RegistryArtifacts(RegistryOptions options) => _client = new RegistryClient(options);

    /// <summary>The digest of the manifest (or index) the reference names, as the registry serves it.</summary>
    public async Task<Digest> ResolveDigestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var manifest = await _client.GetManifestAsync(reference, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        return manifest.Digest;
    }

    /// <summary>The manifest under <paramref name="tag"/> in the reference's repository, or null when the tag does not exist.</summary>
    public async Task<RegistryManifest?> TryGetManifestAsync(ImageReference repository, string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var url = _client.Url(repository, "manifests/" + tag);
        using (var head = await _client.SendAsync(repository, RegistryClient.PullScope(repository), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Head, url);
            foreach (var type in RegistryClient.ManifestMediaTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            return request;
        }, idempotent: true, $"HEAD manifest {repository.Repository}:{tag}", cancellationToken).ConfigureAwait(false))
        {
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await RegistryClient.EnsureSuccessAsync(head, $"HEAD manifest {repository.Repository}:{tag}", repository, cancellationToken).ConfigureAwait(false);
        }

        var blob = await _client.GetManifestAsync(repository, tag, cancellationToken).ConfigureAwait(false);
        return new RegistryManifest(blob.Bytes, blob.MediaType, blob.Digest);
    }

    /// <summary>Reads a small blob (up to 8 MiB) whole and checks its digest.</summary>
    public Task<byte[]> GetBlobAsync(ImageReference repository, OciDescriptor descriptor, string what, CancellationToken cancellationToken) =>
        _client.GetSmallBlobAsync(repository, descriptor, what, cancellationToken);

    /// <summary>
    /// Pushes <paramref name="manifest"/> (an image manifest) under <paramref name="tag"/>: each blob
    /// it names is uploaded from <paramref name="blobs"/> unless the repository already has it.
    /// </summary>
    public async Task<Digest> PushManifestAsync(ImageReference repository, string tag, byte[] manifest, string mediaType,
        IReadOnlyDictionary<Digest, byte[]> blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(blobs);
        var destination = repository with { Tag = tag, Digest = null };
        var image = new RawImage
        {
            DisplayName = destination.ToString(),
            ManifestBytes = manifest,
            ManifestMediaType = mediaType,
            Manifest = ManifestLoader.Deserialize(manifest, OciJsonContext.Default.OciManifest, $"{destination}: manifest"),
            OpenBlob = (descriptor, _) => Task.FromResult<Stream>(Digest.TryParse(descriptor.Digest, out var digest) && blobs.TryGetValue(digest, out var bytes)
                ? new MemoryStream(bytes, writable: false)
                : throw new InvalidInputException($"{destination}: blob {descriptor.Digest} is neither in the repository nor given to push")),
        };
        var result = await new RegistryPusher(_client).PushAsync(image, destination, cancellationToken).ConfigureAwait(false);
        return result.ManifestDigest;
    }

    public void Dispose() => _client.Dispose();
}
