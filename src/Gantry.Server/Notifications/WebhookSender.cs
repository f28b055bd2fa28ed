using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gantry.Server.Configuration;

namespace Gantry.Server.Notifications;

/// <summary>What one delivery attempt gave: delivered, or why not (a status or a network error; never a credential).</summary>
public sealed record DeliveryOutcome(bool Delivered, int? StatusCode, string Detail);

/// <summary>
/// POSTs one notification body: basic auth when a webhook user is configured, <c>X-Gantry-Signature: sha256=&lt;hex
/// HMAC-SHA256 of the body&gt;</c> when a secret is, and the notification id as <c>Idempotency-Key</c>. Any 2xx is a
/// delivery (the engine counts only 200, so a receiver answering 204 got the same notification forever).
/// </summary>
public sealed class WebhookSender(ServerConfig config) : IDisposable
{
    public const string SignatureHeader = "X-Gantry-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public async Task<DeliveryOutcome> SendAsync(string url, string body, string notificationId, CancellationToken cancellationToken)
    {
        var settings = config.Webhooks;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(IdempotencyHeader, notificationId);
        if (settings.User is { } user && settings.Password is { } password)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        if (settings.Secret is { Length: > 0 } secret)
        {
            request.Headers.Add(SignatureHeader, Signature(secret, body));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return new DeliveryOutcome(response.IsSuccessStatusCode, code, $"HTTP {code}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, null, ex is TaskCanceledException ? "timed out" : ex.Message);
        }
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the UTF-8 body under the secret.</summary>
    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public void Dispose() => _http.Dispose();
}
