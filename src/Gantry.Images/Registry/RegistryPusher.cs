using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Gantry.Core;
using Gantry.Core.Http;
using Gantry.Images.Copy;
using Gantry.Images.Oci;
using Polly.Timeout;

namespace Gantry.Images.Registry;

/// <summary>
/// Pushes one image: blobs the destination has are skipped (HEAD), blobs in another repository of
/// the same registry are mounted, small blobs go up in one PUT and large ones in PATCH chunks; then
/// the manifest bytes are PUT unchanged, so the destination digest equals the source digest.
/// </summary>
internal sealed class RegistryPusher(RegistryClient client)
{
    public async Task<CopyResult> PushAsync(RawImage image, ImageReference destination, CancellationToken cancellationToken)
    {
        var digest = image.ManifestDigest;
        if (destination.Digest is { } wanted && wanted != digest)
        {
            throw new InvalidInputException($"{destination}: the destination names digest {wanted} but the image's manifest is {digest}");
        }

        var scope = RegistryClient.PushScope(destination);
        int uploaded = 0, skipped = 0, mounted = 0;
        foreach (var blob in image.Blobs)
        {
            var blobDigest = Digest.TryParse(blob.Digest, out var d)
                ? d
                : throw new InvalidInputException($"{image.DisplayName}: blob has an invalid digest '{blob.Digest}'");
            if (await client.BlobExistsAsync(destination, blobDigest, scope, cancellationToken).ConfigureAwait(false))
            {
                skipped++;
                continue;
            }

            Uri? session = null;
            if (image.Origin is { } origin && origin.Registry == destination.Registry && origin.Repository != destination.Repository)
            {
                session = await TryMountAsync(origin, destination, blobDigest, cancellationToken).ConfigureAwait(false);
                if (session is null)
                {
                    mounted++;
                    continue;
                }
            }

            await UploadAsync(image, blob, blobDigest, destination, session, cancellationToken).ConfigureAwait(false);
            uploaded++;
        }

        await PutManifestAsync(image, destination, digest, cancellationToken).ConfigureAwait(false);
        return new CopyResult(destination.ToString(), digest, image.ManifestMediaType, uploaded, skipped, mounted);
    }

    /// <summary>Mounts the blob from <paramref name="origin"/>; null when mounted, else the upload session the registry opened instead.</summary>
    private async Task<Uri?> TryMountAsync(ImageReference origin, ImageReference destination, Digest digest, CancellationToken cancellationToken)
    {
        var scope = $"{RegistryClient.PushScope(destination)} {RegistryClient.PullScope(origin)}";
        var url = client.Url(destination, $"blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(origin.Repository)}");
        using var response = await client.SendAsync(destination, scope, () => new HttpRequestMessage(HttpMethod.Post, url),
            idempotent: true, $"mount blob {digest}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return null;
        }

        await RegistryClient.EnsureSuccessAsync(response, $"mount blob {digest}", destination, cancellationToken).ConfigureAwait(false);
        return Location(response, url);
    }

    /// <summary>Uploads one blob, starting over (within the retry budget) when the transfer fails on the way.</summary>
    private async Task UploadAsync(RawImage image, OciDescriptor blob, Digest digest, ImageReference destination, Uri? session, CancellationToken cancellationToken)
    {
        var scope = RegistryClient.PushScope(destination);
        try
        {
            await client.RetryTransferAsync(async token =>
            {
                var location = session ?? await StartUploadAsync(destination, scope, digest, token).ConfigureAwait(false);
                session = null;
                using var source = await image.OpenVerifiedBlobAsync(blob, token).ConfigureAwait(false);
                if (blob.Size <= client.Options.MonolithicUploadLimit)
                {
                    var content = new StreamContent(source);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    content.Headers.ContentLength = blob.Size;
                    await FinishUploadAsync(destination, scope, location, digest, content, token).ConfigureAwait(false);
                }
                else
                {
                    location = await PatchChunksAsync(destination, scope, location, digest, source, token).ConfigureAwait(false);
                    await FinishUploadAsync(destination, scope, location, digest, new ByteArrayContent([]), token).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HttpRetryPipeline.IsTransient(ex, cancellationToken))
        {
            throw new EnvironmentException($"{destination.Registry}: upload of blob {digest} failed after {client.Options.Retry.MaxRetries + 1} attempts: {ex.Message.TrimEnd('.')}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new EnvironmentException($"{destination.Registry}: upload of blob {digest} did not finish within {client.Options.Retry.TotalBudget.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);
        }
    }

    private async Task<Uri> StartUploadAsync(ImageReference destination, string scope, Digest digest, CancellationToken cancellationToken)
    {
        var url = client.Url(destination, "blobs/uploads/");
        using var response = await client.SendAsync(destination, scope, () => new HttpRequestMessage(HttpMethod.Post, url),
            idempotent: true, $"start upload of blob {digest}", cancellationToken).ConfigureAwait(false);
        await RegistryClient.EnsureSuccessAsync(response, $"start upload of blob {digest}", destination, cancellationToken).ConfigureAwait(false);
        return Location(response, url);
    }

    private async Task<Uri> PatchChunksAsync(ImageReference destination, string scope, Uri location, Digest digest, Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[client.Options.UploadChunkSize];
        long offset = 0;
        while (true)
        {
            var filled = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (filled == 0)
            {
                // Reading to the end ran the digest check of the verifying source stream.
                return location;
            }

            var target = location;
            var start = offset;
            using var response = await client.SendAsync(destination, scope, () =>
            {
                var content = new ByteArrayContent(buffer, 0, filled);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + filled - 1}");
                return new HttpRequestMessage(HttpMethod.Patch, target) { Content = content };
            }, idempotent: false, $"upload chunk of blob {digest}", cancellationToken).ConfigureAwait(false);
            ThrowIfTransient(response, digest);
            await RegistryClient.EnsureSuccessAsync(response, $"upload chunk of blob {digest}", destination, cancellationToken).ConfigureAwait(false);
            location = Location(response, target);
            offset += filled;
        }
    }

    private async Task FinishUploadAsync(ImageReference destination, string scope, Uri location, Digest digest, HttpContent content, CancellationToken cancellationToken)
    {
        var url = new UriBuilder(location);
        var query = url.Query.TrimStart('?');
        url.Query = (query.Length > 0 ? query + "&" : string.Empty) + "digest=" + Uri.EscapeDataString(digest.ToString());
        using var response = await client.SendAsync(destination, scope, () => new HttpRequestMessage(HttpMethod.Put, url.Uri) { Content = content },
            idempotent: false, $"upload of blob {digest}", cancellationToken).ConfigureAwait(false);
        ThrowIfTransient(response, digest);
        await RegistryClient.EnsureSuccessAsync(response, $"upload of blob {digest}", destination, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutManifestAsync(RawImage image, ImageReference destination, Digest digest, CancellationToken cancellationToken)
    {
        var url = client.Url(destination, "manifests/" + (destination.Tag ?? digest.ToString()));
        using var response = await client.SendAsync(destination, RegistryClient.PushScope(destination), () =>
        {
            var content = new ByteArrayContent(image.ManifestBytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(image.ManifestMediaType);
            return new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        }, idempotent: true, $"PUT manifest {destination}", cancellationToken).ConfigureAwait(false);
        await RegistryClient.EnsureSuccessAsync(response, $"PUT manifest {destination}", destination, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var stored) && stored != digest)
        {
            throw new EnvironmentException($"{destination}: the registry stored the manifest as {stored}, not {digest}");
        }
    }

    private static Uri Location(HttpResponseMessage response, Uri requestUrl) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : new Uri(requestUrl, location))
            : throw new EnvironmentException($"{requestUrl.Authority}: the upload answer has no Location header");

    private static void ThrowIfTransient(HttpResponseMessage response, Digest digest)
    {
        if ((int)response.StatusCode is 429 or >= 500)
        {
            throw new HttpRequestException($"upload of blob {digest} answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }
}
