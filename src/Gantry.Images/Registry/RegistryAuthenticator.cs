using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Images.Registry;

/// <summary>
/// Answers registry challenges: basic credentials, or bearer tokens fetched from the challenge's
/// realm for its service and scope. Tokens are cached per registry and scope until shortly before
/// they expire. Nothing here puts a secret or a token into a message. Public so that notary-server, which answers with
/// the same challenges, shares this one token client.
/// </summary>
public sealed class RegistryAuthenticator
{
    private readonly Dictionary<string, (AuthenticationHeaderValue Header, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly HttpClient _http;
    private readonly DockerConfigCredentials _credentials;
    private readonly TimeProvider _clock;
    private readonly string? _label;

    /// <summary>
    /// Fetches tokens over <paramref name="http"/> with the credentials <paramref name="options"/> gives (explicit, else the
    /// docker config); <paramref name="label"/> names the server in messages instead of the registry host (e.g. a notary server).
    /// </summary>
    public RegistryAuthenticator(HttpClient http, RegistryOptions options, string? label = null)
        : this(http, new DockerConfigCredentials(options ?? throw new ArgumentNullException(nameof(options))), options.Clock)
    {
        _label = label;
    }

    internal RegistryAuthenticator(HttpClient http, DockerConfigCredentials credentials, TimeProvider clock)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _credentials = credentials;
        _clock = clock;
    }

    /// <summary>The credentials a challenge for <paramref name="registry"/> would be answered with, or null: for a message saying how to give them.</summary>
    public RegistryCredential? CredentialFor(string registry) => _credentials.Find(registry);

    /// <summary>A cached header for this registry and scope, or null when the request should go out anonymous first.</summary>
    public AuthenticationHeaderValue? Cached(string registry, string scope)
    {
        lock (_lock)
        {
            foreach (var key in (string[])[$"{registry} {scope}", $"{registry} *"])
            {
                if (_cache.TryGetValue(key, out var entry) && entry.Expires > _clock.GetUtcNow())
                {
                    return entry.Header;
                }
            }
        }

        return null;
    }

    /// <summary>Obtains what the challenge asks for and caches it; throws <see cref="EnvironmentException"/> when it cannot.</summary>
    public async Task AnswerAsync(string registry, string scope, HttpResponseMessage unauthorized, CancellationToken cancellationToken)
    {
        var challenges = unauthorized.Headers.WwwAuthenticate.Select(h => AuthChallenge.Parse(h.ToString())).OfType<AuthChallenge>().ToList();
        var bearer = challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null);
        var credential = _credentials.Find(registry);
        if (bearer is not null)
        {
            var (header, expires) = await FetchTokenAsync(registry, scope, bearer, credential, cancellationToken).ConfigureAwait(false);
            Store($"{registry} {scope}", header, expires);
            return;
        }

        if (challenges.Any(c => c.IsBasic))
        {
            if (credential is null)
            {
                throw new EnvironmentException($"{Name(registry)}: authentication required for {scope} and no credentials were found (use --username/--password-stdin, GANTRY_REGISTRY_USERNAME/GANTRY_REGISTRY_PASSWORD or docker login)");
            }

            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}")));
            Store($"{registry} *", basic, DateTimeOffset.MaxValue);
            return;
        }

        throw new EnvironmentException($"{Name(registry)}: unauthorized for {scope}, and the registry offers no authentication scheme Gantry supports");
    }

    /// <summary>Forgets what was cached for this scope, after the registry refused it.</summary>
    public void Forget(string registry, string scope)
    {
        lock (_lock)
        {
            _cache.Remove($"{registry} {scope}");
            _cache.Remove($"{registry} *");
        }
    }

    private string Name(string registry) => _label ?? registry;

    private void Store(string key, AuthenticationHeaderValue header, DateTimeOffset expires)
    {
        lock (_lock)
        {
            _cache[key] = (header, expires);
        }
    }

    private async Task<(AuthenticationHeaderValue, DateTimeOffset)> FetchTokenAsync(
        string registry, string scope, AuthChallenge challenge, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        // Ask for what the registry says it needs and what this operation needs (a mount also needs pull on the source).
        var scopes = (challenge.Scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal);
        var query = new StringBuilder();
        if (challenge.Service is { } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service));
        }

        foreach (var s in scopes)
        {
            query.Append(query.Length > 0 ? "&" : string.Empty).Append("scope=").Append(Uri.EscapeDataString(s));
        }

        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new EnvironmentException($"{Name(registry)}: the token realm '{challenge.Realm}' is not an http(s) URL");
        }

        var uri = new UriBuilder(realm) { Query = string.Join("&", new[] { realm.Query.TrimStart('?'), query.ToString() }.Where(q => q.Length > 0)) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}")));
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new EnvironmentException($"{Name(registry)}: cannot reach the token service {realm.GetLeftPart(UriPartial.Path)}: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new EnvironmentException($"{Name(registry)}: the token service refused {(credential is null ? "anonymous access" : $"the credentials of '{credential.Username}'")} for {scope} ({(int)response.StatusCode})");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new EnvironmentException($"{Name(registry)}: the token service {realm.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} for {scope}");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                var token = (root.TryGetProperty("token", out var t) ? t.GetString() : null)
                    ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null);
                if (string.IsNullOrEmpty(token))
                {
                    throw new EnvironmentException($"{Name(registry)}: the token service answered without a token for {scope}");
                }

                var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? seconds : 60;
                var expires = _clock.GetUtcNow().AddSeconds(Math.Max(1, lifetime - 10));
                return (new AuthenticationHeaderValue("Bearer", token), expires);
            }
            catch (JsonException ex)
            {
                throw new EnvironmentException($"{Name(registry)}: the token service answered something that is not JSON for {scope}", ex);
            }
        }
    }
}
