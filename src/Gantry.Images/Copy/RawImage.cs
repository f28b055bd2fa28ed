using Gantry.Core;
using Gantry.Images.Blobs;
using Gantry.Images.Oci;
using Gantry.Images.Registry;

namespace Gantry.Images.Copy;

/// <summary>
/// One image as stored bytes, for copying: the manifest exactly as the source holds it (so its
/// digest survives the copy), the parsed manifest, and the blobs as streams.
/// </summary>
internal sealed class RawImage : IDisposable
{
    public required string DisplayName { get; init; }

    public required byte[] ManifestBytes { get; init; }

    public required string ManifestMediaType { get; init; }

    public required OciManifest Manifest { get; init; }

    /// <summary>Opens a blob's raw bytes; <see cref="OpenVerifiedBlobAsync"/> adds the digest check.</summary>
    public required Func<OciDescriptor, CancellationToken, Task<Stream>> OpenBlob { get; init; }

    /// <summary>The registry repository the image came from, when it came from one: a push to the same registry can mount from it.</summary>
    public ImageReference? Origin { get; init; }

    public IDisposable? Owner { get; init; }

    public Digest ManifestDigest => Digest.Sha256(ManifestBytes);

    /// <summary>The config and then the layers, each blob once.</summary>
    public IReadOnlyList<OciDescriptor> Blobs =>
        new[] { Manifest.Config! }.Concat(Manifest.Layers).DistinctBy(d => d.Digest, StringComparer.Ordinal).ToList();

    /// <summary>Opens a blob that throws naming the digest when its bytes do not hash to it.</summary>
    public async Task<Stream> OpenVerifiedBlobAsync(OciDescriptor descriptor, CancellationToken cancellationToken)
    {
        var digest = Digest.TryParse(descriptor.Digest, out var d)
            ? d
            : throw new InvalidInputException($"{DisplayName}: blob has an invalid digest '{descriptor.Digest}'");
        var raw = await OpenBlob(descriptor, cancellationToken).ConfigureAwait(false);
        return new VerifyingStream(raw, digest, $"{DisplayName}: blob {digest}");
    }

    public void Dispose() => Owner?.Dispose();
}
