using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Signing.Tuf;
using Gantry.Core.Http;
using Gantry.Images.Registry;

namespace Gantry.Signing.Notary;

/// <summary>
/// The HTTP layer of a notary-server (Notary v1, docker content trust) client: URLs, size caps, and notary's error
/// documents turned into one-line <see cref="NotaryServerException"/>s. It moves exact bytes and checks nothing about
/// TUF: the caller verifies every file it gets. Names that end up in a URL (GUN, role, checksum) are validated first,
/// so hostile metadata cannot steer a request elsewhere. An auth-enabled server's 401 challenge is answered as docker
/// does (a token for <c>repository:GUN:ACTIONS</c> from the challenge's realm) by the registry code's
/// <see cref="RegistryAuthenticator"/>, and the request is sent once more.
/// </summary>
public sealed partial class NotaryServerClient : IDisposable
{
    /// <summary>The most bytes read for <c>timestamp.json</c>, whose length nothing else pins (notary's own cap).</summary>
    public const long MaxTimestampBytes = 1L << 20;

    /// <summary>The most bytes read for a <c>root.json</c> fetched without a known checksum (notary's own cap).</summary>
    public const long MaxRootBytes = 100L << 20;

    /// <summary>A server key object is a few hundred bytes; anything bigger is hostile.</summary>
    public const long MaxKeyBytes = 64 * 1024;

    /// <summary>Error documents are small; a bigger one is not read for its detail.</summary>
    private const int MaxErrorBytes = 64 * 1024;

    /// <summary>A server-supplied text is cut here so a message stays one readable line.</summary>
    private const int MaxServerText = 300;

    private readonly HttpClient _http;
    private readonly string _base;
    private readonly TimeSpan _timeout;
    private readonly RegistryAuthenticator _auth;

    /// <summary>The server's <c>host[:port]</c>: the key of its token cache and of its docker config credentials.</summary>
    private readonly string _authKey;

    /// <summary>Validates the URL before anything else (plain http only to loopback unless allowed), then loads the CA file.</summary>
    public NotaryServerClient(NotaryServerOptions options)
        : this(null, Validate(options))
    {
    }

    /// <summary>For tests: the same checks, over <paramref name="handler"/> (disposed with the client, as <see cref="HttpClient"/> does).</summary>
    public NotaryServerClient(NotaryServerOptions options, HttpMessageHandler handler)
        : this(handler ?? throw new ArgumentNullException(nameof(handler)), Validate(options))
    {
    }

    private NotaryServerClient(HttpMessageHandler? handler, NotaryServerOptions options)
    {
        Server = options.Server;
        _base = options.Server.GetLeftPart(UriPartial.Authority) + options.Server.AbsolutePath.TrimEnd('/');
        _timeout = options.Timeout;
        _http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gantry", "1.0"));
        _authKey = options.Server.Authority;
        _auth = new RegistryAuthenticator(_http, new RegistryOptions
        {
            Credential = options.Credential,
            ReadDockerConfig = options.ReadDockerConfig,
            DockerConfigPath = options.DockerConfigPath,
        }, $"notary server {_base}");
    }

    public Uri Server { get; }

    /// <summary><c>GET /v2/</c>: the server answers and lets us in (an auth-enabled server answers 401 here).</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        var url = new Uri(_base + "/v2/");
        await ExchangeAsync("GET /v2/", string.Empty, () => new HttpRequestMessage(HttpMethod.Get, url), async (response, token) =>
        {
            await EnsureSuccessAsync(response, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The exact bytes of <c>{role}.json</c>, or of <c>{role}.{sha256Hex}.json</c> when a checksum is given; null when
    /// the server has no such file (404). At most <paramref name="maxLength"/> bytes are read: a longer answer is refused.
    /// </summary>
    public async Task<byte[]?> GetMetadataAsync(string gun, string role, string? sha256Hex, long maxLength, CancellationToken ct)
    {
        var file = sha256Hex is null ? $"{ValidRole(role)}.json" : $"{ValidRole(role)}.{ValidSha256(sha256Hex)}.json";
        return await GetFileAsync(gun, file, maxLength, ct).ConfigureAwait(false);
    }

    /// <summary>The exact bytes of root version <paramref name="version"/> (<c>{N}.root.json</c>), or null when there is none.</summary>
    public async Task<byte[]?> GetRootVersionAsync(string gun, int version, long maxLength, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return await GetFileAsync(gun, $"{version.ToString(CultureInfo.InvariantCulture)}.root.json", maxLength, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The server's public key for <c>timestamp</c> or <c>snapshot</c>, as the exact bytes of its JSON key object. For a
    /// GUN without a root, every call makes a new key.
    /// </summary>
    public async Task<byte[]> GetServerKeyAsync(string gun, string role, CancellationToken ct)
    {
        if (role is not ("timestamp" or "snapshot"))
        {
            throw new InvalidInputException($"notary server {_base}: only the timestamp and snapshot keys are held by the server, not '{Printable(role)}'");
        }

        var url = TufUrl(gun, role + ".key");
        var what = $"{ValidGun(gun)} {role}.key";
        // notary-server asks for push and pull here: a new key is made for a GUN that has none.
        return await ExchangeAsync(what, Scope(gun, "pull,push"), () => new HttpRequestMessage(HttpMethod.Get, url), async (response, token) =>
        {
            await EnsureSuccessAsync(response, token).ConfigureAwait(false);
            return await ReadBoundedAsync(response, MaxKeyBytes, what, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads role files in one atomic <c>POST …/_trust/tuf/</c> (multipart; each part is a form file named <c>files</c>
    /// whose quoted filename is the role name). The server stores all of them or none, and makes a new timestamp.
    /// </summary>
    public async Task PublishAsync(string gun, IReadOnlyList<KeyValuePair<string, byte[]>> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("nothing to publish", nameof(files));
        }

        foreach (var (role, bytes) in files)
        {
            ValidRole(role);
            ArgumentNullException.ThrowIfNull(bytes);
        }

        var url = TufUrl(gun, string.Empty);
        await ExchangeAsync($"publish {ValidGun(gun)}", Scope(gun, "pull,push"), () =>
        {
            var form = new MultipartFormDataContent();
            foreach (var (role, bytes) in files)
            {
                // Add(content, name, fileName) quotes the filename; notary needs that for 'targets/releases'.
                form.Add(new ByteArrayContent(bytes), "files", role);
            }

            return new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        }, async (response, token) =>
        {
            await EnsureSuccessAsync(response, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes all trust data of <paramref name="gun"/> on the server (needed before it can take another root).</summary>
    public async Task DeleteAsync(string gun, CancellationToken ct)
    {
        var url = TufUrl(gun, string.Empty);
        // notary-server requires the '*' action to delete a GUN.
        await ExchangeAsync($"delete {ValidGun(gun)}", Scope(gun, "*"), () => new HttpRequestMessage(HttpMethod.Delete, url), async (response, token) =>
        {
            await EnsureSuccessAsync(response, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]?> GetFileAsync(string gun, string file, long maxLength, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var url = TufUrl(gun, file);
        var what = $"{gun} {file}";
        return await ExchangeAsync<byte[]?>(what, Scope(gun, "pull"), () => new HttpRequestMessage(HttpMethod.Get, url), async (response, token) =>
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(response, token).ConfigureAwait(false);
            return await ReadBoundedAsync(response, maxLength, what, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// notary-server's token scope: the resource is the whole GUN, host included (<c>repository:127.0.0.1:5000/app:pull</c>),
    /// because it authorizes on the GUN it routes (<c>imageName</c>), unlike a registry, which drops its own host.
    /// </summary>
    private string Scope(string gun, string actions) => $"repository:{ValidGun(gun)}:{actions}";

    /// <summary>
    /// Sends one request and hands its answer (headers only, body unread) to <paramref name="read"/>, all within
    /// <see cref="NotaryServerOptions.Timeout"/>; transport failures and the timeout become one-line exceptions naming the server.
    /// A 401 is answered once for <paramref name="scope"/> (token or basic login) and the request sent again.
    /// </summary>
    private async Task<T> ExchangeAsync<T>(string what, string scope, Func<HttpRequestMessage> build,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        try
        {
            var response = await SendAsync(build, scope, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && HasChallenge(response))
            {
                using (response)
                {
                    _auth.Forget(_authKey, scope);
                    await _auth.AnswerAsync(_authKey, scope, response, timeout.Token).ConfigureAwait(false);
                }

                response = await SendAsync(build, scope, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    response.Dispose();
                    throw Refused(scope);
                }
            }

            using (response)
            {
                return await read(response, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new NotaryServerException($"notary server {_base}: {what}: no answer within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", inner: ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new NotaryServerException($"notary server {_base}: TLS connection failed ({OneLine((ex.InnerException ?? ex).Message)}); for a private CA give its CA file", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new NotaryServerException($"notary server {_base}: {what}: cannot reach the server ({OneLine(ex.Message)})", inner: ex);
        }
        catch (IOException ex)
        {
            throw new NotaryServerException($"notary server {_base}: {what}: connection lost ({OneLine(ex.Message)})", inner: ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string scope, CancellationToken ct)
    {
        using var request = build();
        request.Headers.Authorization = _auth.Cached(_authKey, scope);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
    }

    /// <summary>A 401 without a Bearer or Basic challenge is not answered: it stays notary's plain "not authorized".</summary>
    private static bool HasChallenge(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Any(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || h.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase));

    /// <summary>Still 401 with the answer to the challenge: either there was no login to give, or the server refused it.</summary>
    private EnvironmentException Refused(string scope)
    {
        var what = scope.Length == 0 ? "access" : scope;
        return _auth.CredentialFor(_authKey) is { } credential
            ? new EnvironmentException($"notary server {_base}: '{credential.Username}' is not authorized for {what}")
            : new EnvironmentException($"notary server {_base}: authentication required for {what} and no credentials were found "
                                       + $"(give the registry login with --username and --password-stdin or GANTRY_REGISTRY_USERNAME/GANTRY_REGISTRY_PASSWORD, or docker login {_authKey})");
    }

    /// <summary>Refuses a Content-Length over the cap and stops reading one byte past it, so a hostile server cannot fill memory.</summary>
    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long maxLength, string what, CancellationToken ct)
    {
        var tooLarge = $"notary server {_base}: {what} is larger than {maxLength.ToString(CultureInfo.InvariantCulture)} bytes";
        if (response.Content.Headers.ContentLength > maxLength)
        {
            throw new NotaryServerException(tooLarge);
        }

        using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxLength - buffer.Length + 1)), ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxLength)
            {
                throw new NotaryServerException(tooLarge);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Notary's status mapping: 401 is "not authorized", 400 and 404 carry notary's error document
    /// (<c>{"errors":[{"code","message","detail"}]}</c>), anything else is "server unavailable".
    /// </summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var error = await ReadErrorAsync(response, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new NotaryServerException($"notary server {_base}: not authorized", error?.Code);
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound && error is not null)
        {
            var detail = error.Detail is null ? string.Empty : ": " + error.Detail;
            throw new NotaryServerException($"notary server {_base}: {error.Code}: {error.Message}{detail}", error.Code);
        }

        throw new NotaryServerException($"notary server {_base}: server unavailable (HTTP {status.ToString(CultureInfo.InvariantCulture)})", error?.Code);
    }

    private static async Task<NotaryError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            if (response.Content.Headers.ContentLength > MaxErrorBytes)
            {
                return null;
            }

            using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[MaxErrorBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length == 0 || length > MaxErrorBytes)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0 || errors[0].ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var first = errors[0];
            var code = StringProperty(first, "code");
            if (code is null)
            {
                return null;
            }

            return new NotaryError(OneLine(code), OneLine(StringProperty(first, "message") ?? string.Empty), Detail(first));
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            // Not notary's error document; the status says enough.
            return null;
        }
    }

    /// <summary><c>detail</c> is a string (the bad role), or <c>{"Name":"ErrBadRoot","Error":{"Msg":"…"}}</c> for INVALID_UPDATE.</summary>
    private static string? Detail(JsonElement error)
    {
        if (!error.TryGetProperty("detail", out var detail))
        {
            return null;
        }

        string? text = detail.ValueKind switch
        {
            JsonValueKind.String => detail.GetString(),
            JsonValueKind.Object when detail.TryGetProperty("Error", out var inner) && inner.ValueKind == JsonValueKind.Object
                && StringProperty(inner, "Msg") is { Length: > 0 } msg => msg,
            JsonValueKind.Object => StringProperty(detail, "Name"),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : OneLine(text);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private Uri TufUrl(string gun, string file) => new($"{_base}/v2/{EscapeGun(ValidGun(gun))}/_trust/tuf/{file}");

    /// <summary>Each segment escaped, with '/' and ':' kept: notary-server routes on the GUN as docker writes it.</summary>
    private static string EscapeGun(string gun) =>
        string.Join('/', gun.Split('/').Select(segment => Uri.EscapeDataString(segment).Replace("%3A", ":", StringComparison.Ordinal)));

    /// <summary>A GUN is <c>HOST[:PORT]/PATH</c> (docker's) or a bare name: printable, no whitespace, no empty or dot segments, nothing that ends a path.</summary>
    private string ValidGun(string gun)
    {
        ArgumentNullException.ThrowIfNull(gun);
        if (!RoleNames.IsGun(gun))
        {
            throw new InvalidInputException($"notary server {_base}: '{Printable(gun)}' is not a valid GUN (HOST[:PORT]/REPOSITORY)");
        }

        return gun;
    }

    private string ValidRole(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (!RoleNames.IsRole(role))
        {
            throw new InvalidInputException($"notary server {_base}: '{Printable(role)}' is not a TUF role name (root, targets, snapshot, timestamp or targets/NAME)");
        }

        return role;
    }

    private string ValidSha256(string sha256Hex)
    {
        if (!Sha256Pattern().IsMatch(sha256Hex))
        {
            throw new InvalidInputException($"notary server {_base}: '{Printable(sha256Hex)}' is not a SHA-256 checksum (64 hex digits)");
        }

        return sha256Hex.ToLowerInvariant();
    }

    private static NotaryServerOptions Validate(NotaryServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = options.Server ?? throw new ArgumentException("no notary server URL", nameof(options));
        if (!server.IsAbsoluteUri || server.Scheme is not ("http" or "https") || string.IsNullOrEmpty(server.Host))
        {
            throw new InvalidInputException($"notary server '{Printable(server.OriginalString)}': not an http(s) URL");
        }

        var shown = server.GetLeftPart(UriPartial.Authority);
        if (!string.IsNullOrEmpty(server.UserInfo))
        {
            // Never echo the credentials themselves.
            throw new InvalidInputException($"notary server {server.Scheme}://{server.Authority}: credentials in the URL are not supported");
        }

        if (!string.IsNullOrEmpty(server.Query) || !string.IsNullOrEmpty(server.Fragment))
        {
            throw new InvalidInputException($"notary server {shown}: the URL must not have a query or fragment");
        }

        if (server.Scheme == "http" && !server.IsLoopback && !options.AllowInsecureHttp)
        {
            throw new InvalidInputException($"notary server {shown}: plain http to a non-loopback host; use https, or --trust-insecure to allow it");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "the timeout must be positive");
        }

        return options;
    }

    private static SocketsHttpHandler CreateHandler(NotaryServerOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            AutomaticDecompression = DecompressionMethods.None,
            // Notary never redirects; following one could leave TLS or the server the user named.
            AllowAutoRedirect = false,
        };
        if (options.CaFile is { } caFile)
        {
            CaFileTrust.Apply(handler, caFile, "CA file");
        }

        return handler;
    }

    /// <summary>Server text and rejected names in one line: control characters become spaces, and long text is cut.</summary>
    private static string OneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxServerText));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxServerText)))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return (text.Length > MaxServerText ? builder.Append('…') : builder).ToString().Trim().TrimEnd('.');
    }

    private static string Printable(string text) => OneLine(text);

    [GeneratedRegex(@"^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();


    private sealed record NotaryError(string Code, string Message, string? Detail);
}
