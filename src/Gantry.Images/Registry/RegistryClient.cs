using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Http;
using Gantry.Images.Oci;
using Polly.Timeout;

namespace Gantry.Images.Registry;

/// <summary>
/// The OCI Distribution v2 transport: builds URLs (TLS unless the registry is marked insecure),
/// answers auth challenges, retries transient failures through the shared <see cref="HttpRetryPipeline"/> and turns refusals
/// into <see cref="EnvironmentException"/>s that name the registry and the scope.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    /// <summary>Every manifest type Gantry reads; the distribution registry 404s an OCI manifest not listed here.</summary>
    public static readonly string[] ManifestMediaTypes =
        [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    /// <summary>Manifests are small; anything bigger is hostile.</summary>
    private const int MaxManifestBytes = 8 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly RegistryAuthenticator _auth;
    private readonly HttpRetryPipeline _retry;

    /// <summary>Every wait (retries, token expiry) runs on <see cref="RegistryOptions.Clock"/>.</summary>
    public RegistryClient(RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _retry = new HttpRetryPipeline(options.Retry, options.Clock);
        _http = new HttpClient(CreateHandler(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gantry", "1.0"));
        _auth = new RegistryAuthenticator(_http, new DockerConfigCredentials(options), options.Clock);
    }

    public RegistryOptions Options { get; }

    /// <summary>A login asks for no access to any repository, as <c>docker login</c> does.</summary>
    public const string LoginScope = "";

    public static string PullScope(ImageReference repository) => $"repository:{repository.Repository}:pull";

    public static string PushScope(ImageReference repository) => $"repository:{repository.Repository}:pull,push";

    public Uri Url(ImageReference repository, string path) =>
        new($"{(Options.IsInsecure(repository.Registry) ? "http" : "https")}://{repository.ApiHost}/v2/{repository.Repository}/{path}");

    /// <summary>
    /// Sends a request built afresh for every attempt. Idempotent requests go through the shared retry pipeline
    /// (connection failures, 429, 5xx); every request is re-sent once after answering a 401 challenge.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(ImageReference repository, string scope, Func<HttpRequestMessage> build,
        bool idempotent, string what, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var response = await SendAuthorizedAsync(repository, scope, build, idempotent, what, completion, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            _auth.Forget(repository.Registry, scope);
            await _auth.AnswerAsync(repository.Registry, scope, response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            response = await SendAuthorizedAsync(repository, scope, build, idempotent, what, completion, cancellationToken).ConfigureAwait(false);
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var detail = await DescribeErrorAsync(response, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            throw new EnvironmentException($"{repository.Registry}: {(response.StatusCode == HttpStatusCode.Forbidden ? "access denied" : "unauthorized")} for {(scope.Length == 0 ? "login" : scope)} ({detail})");
        }

        return response;
    }

    /// <summary>Runs a whole transfer again from the start when it fails on a transient connection error; the caller names what failed.</summary>
    public Task RetryTransferAsync(Func<CancellationToken, Task> transfer, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(transfer, cancellationToken);

    /// <summary>
    /// What <c>docker login</c> does: <c>GET /v2/</c>, answering the registry's challenge (basic, or a bearer token with no
    /// scope) with the configured credentials; throws an <see cref="EnvironmentException"/> when the registry refuses them.
    /// </summary>
    public async Task PingAsync(string registry, CancellationToken cancellationToken)
    {
        // The API root belongs to no repository; only the registry (and its API host) matter here.
        var root = new ImageReference { Registry = registry, Repository = string.Empty };
        if (!Uri.TryCreate($"{(Options.IsInsecure(registry) ? "http" : "https")}://{root.ApiHost}/v2/", UriKind.Absolute, out var url))
        {
            throw new InvalidInputException($"'{registry}' is not a registry host[:port]");
        }

        using var response = await SendAsync(root, LoginScope, () => new HttpRequestMessage(HttpMethod.Get, url), idempotent: true, "login",
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "GET /v2/", root, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a manifest or index and verifies its digest (against the reference's digest or the registry's header).</summary>
    public async Task<ManifestBlob> GetManifestAsync(ImageReference repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(repository, PullScope(repository), () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url(repository, "manifests/" + reference));
            foreach (var type in ManifestMediaTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            return request;
        }, idempotent: true, $"GET manifest {repository.Repository}:{reference}", cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var name = $"{repository.RepositoryName}{(reference.Contains(':', StringComparison.Ordinal) ? "@" : ":")}{reference}";
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidInputException($"{name}: manifest not found in the registry ({await DescribeErrorAsync(response, cancellationToken).ConfigureAwait(false)})");
        }

        await EnsureSuccessAsync(response, $"GET manifest {name}", repository, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(response.Content, MaxManifestBytes, $"{name}: manifest", cancellationToken).ConfigureAwait(false);
        var actual = Digest.Sha256(bytes);
        if (Digest.TryParse(reference, out var wanted) && wanted.Algorithm == "sha256" && wanted != actual)
        {
            throw new InvalidInputException($"{name}: manifest digest mismatch: expected {wanted}, content hashes to {actual}");
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var headers) && Digest.TryParse(headers.FirstOrDefault(), out var announced)
            && announced.Algorithm == "sha256" && announced != actual)
        {
            throw new InvalidInputException($"{name}: manifest digest mismatch: the registry announced {announced}, content hashes to {actual}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!MediaTypes.IsIndex(mediaType) && !MediaTypes.IsManifest(mediaType))
        {
            mediaType = MediaTypeInside(bytes) ?? mediaType;
        }

        if (!MediaTypes.IsIndex(mediaType) && !MediaTypes.IsManifest(mediaType))
        {
            throw new InvalidInputException($"{name}: unsupported manifest type '{mediaType}' (Gantry reads Docker schema 2, OCI manifests and their indexes)");
        }

        return new ManifestBlob(bytes, mediaType!, actual);
    }

    /// <summary>GETs a small blob (a config) whole and verifies its digest.</summary>
    public async Task<byte[]> GetSmallBlobAsync(ImageReference repository, OciDescriptor descriptor, string what, CancellationToken cancellationToken)
    {
        var digest = ParseDigest(repository, descriptor, what);
        using var response = await SendAsync(repository, PullScope(repository),
            () => new HttpRequestMessage(HttpMethod.Get, Url(repository, "blobs/" + digest)), idempotent: true,
            $"GET {what} {digest}", cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"GET {what} {digest}", repository, cancellationToken).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(response.Content, MaxManifestBytes, $"{repository.RepositoryName}: {what} {digest}", cancellationToken).ConfigureAwait(false);
        var actual = digest.Algorithm == "sha512"
            ? Digest.FromHash("sha512", System.Security.Cryptography.SHA512.HashData(bytes))
            : Digest.Sha256(bytes);
        if (actual != digest)
        {
            throw new InvalidInputException($"{repository.RepositoryName}: {what} {digest}: digest mismatch (content hashes to {actual})");
        }

        return bytes;
    }

    /// <summary>Opens a blob as a stream that resumes with Range requests when the connection drops; the caller verifies the digest.</summary>
    public async Task<Stream> OpenBlobAsync(ImageReference repository, OciDescriptor descriptor, CancellationToken cancellationToken)
    {
        var digest = ParseDigest(repository, descriptor, "blob");
        var stream = new ResumingBlobStream(this, repository, digest, descriptor.Size);
        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        return stream;
    }

    public async Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, string scope, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(repository, scope, () => new HttpRequestMessage(HttpMethod.Head, Url(repository, "blobs/" + digest)),
            idempotent: true, $"HEAD blob {digest}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"HEAD blob {digest}", repository, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Throws an <see cref="EnvironmentException"/> for any status that is not a success, with the registry's own error code.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, ImageReference repository, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new EnvironmentException($"{repository.Registry}: {what} answered {(int)response.StatusCode} ({await DescribeErrorAsync(response, cancellationToken).ConfigureAwait(false)})");
        }
    }

    /// <summary>The registry's error codes and messages (<c>{"errors":[{"code","message"}]}</c>) or the status text.</summary>
    public static async Task<string> DescribeErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var fallback = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length == 0 || body.Length > 65536)
            {
                return fallback;
            }

            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var parts = errors.EnumerateArray()
                    .Select(e => $"{(e.TryGetProperty("code", out var c) ? c.GetString() : null)}: {(e.TryGetProperty("message", out var m) ? m.GetString() : null)}")
                    .ToList();
                if (parts.Count > 0)
                {
                    return $"{(int)response.StatusCode} {string.Join("; ", parts)}";
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            // Not a distribution error document; the status says enough.
        }

        return fallback;
    }

    private async Task<HttpResponseMessage> SendAuthorizedAsync(ImageReference repository, string scope, Func<HttpRequestMessage> build,
        bool idempotent, string what, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpRequestMessage Authorized()
        {
            var request = build();
            request.Headers.Authorization = _auth.Cached(repository.Registry, scope);
            return request;
        }

        try
        {
            return idempotent
                ? await _retry.SendAsync(_http, Authorized, completion, cancellationToken).ConfigureAwait(false)
                // The body may be gone after a failure: the caller decides whether the whole operation starts over.
                : await _http.SendAsync(Authorized(), completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new EnvironmentException($"{repository.Registry}: TLS connection failed ({(ex.InnerException ?? ex).Message.TrimEnd('.')}); for a plain-HTTP registry use --insecure-registry {repository.Registry}, for a private CA --ca-file", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new EnvironmentException($"{repository.Registry}: {what} did not succeed within {_retry.Options.TotalBudget.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", ex);
        }
        catch (Exception ex) when (idempotent && HttpRetryPipeline.IsTransient(ex, cancellationToken))
        {
            throw new EnvironmentException($"{repository.Registry}: {what} failed after {_retry.Options.MaxRetries + 1} attempts: {ex.Message.TrimEnd('.')}", ex);
        }
    }

    private static Digest ParseDigest(ImageReference repository, OciDescriptor descriptor, string what) =>
        Digest.TryParse(descriptor.Digest, out var digest)
            ? digest
            : throw new InvalidInputException($"{repository.RepositoryName}: {what} has an invalid digest '{descriptor.Digest}'");

    private static string? MediaTypeInside(byte[] manifest)
    {
        try
        {
            using var doc = JsonDocument.Parse(manifest);
            if (doc.RootElement.TryGetProperty("mediaType", out var type))
            {
                return type.GetString();
            }

            // An OCI manifest or index may omit mediaType: tell them apart by shape.
            return doc.RootElement.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
                : doc.RootElement.TryGetProperty("config", out _) ? MediaTypes.OciManifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new InvalidInputException($"{what} is {content.Headers.ContentLength} bytes, too large for image metadata");
        }

        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new InvalidInputException($"{what} is over {limit} bytes, too large for image metadata");
            }
        }

        return buffer.ToArray();
    }

    private static SocketsHttpHandler CreateHandler(RegistryOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            // Blob GETs redirect to storage; the handler drops the Authorization header on redirect.
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
        };
        if (options.CaFile is { } caFile)
        {
            CaFileTrust.Apply(handler, caFile);
        }

        return handler;
    }
}

/// <summary>A manifest or index as the registry served it, with the digest of exactly these bytes.</summary>
internal sealed record ManifestBlob(byte[] Bytes, string MediaType, Digest Digest);
