using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gantry.Server.Tests.Support;

/// <summary>A plain JSON client of the service that sends Basic credentials up front, as anchore-cli does.</summary>
public sealed class AnchoreClient : IDisposable
{
    private readonly HttpClient _http;

    public AnchoreClient(string baseUrl, string user = "admin", string password = ServiceProcess.AdminPassword, string? account = null)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/v1/"), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        if (account is not null)
        {
            _http.DefaultRequestHeaders.Add("x-anchore-account", account);
        }
    }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType == "application/json";
        return ((int)response.StatusCode, text.Length == 0 ? null : isJson ? JsonNode.Parse(text) : JsonValue.Create(text));
    }

    public Task<(int Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body)> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    /// <summary>Waits (bounded) until the image reaches an end state, and returns it.</summary>
    public async Task<JsonNode> WaitForAnalysisAsync(string digest, TimeSpan timeout)
    {
        JsonNode? image = null;
        await Poll.UntilAsync(async () =>
        {
            var (status, body) = await GetAsync($"images/{Uri.EscapeDataString(digest)}");
            image = status == 200 ? body![0] : null;
            return image?["analysis_status"]?.GetValue<string>() is "analyzed" or "analysis_failed";
        }, timeout, $"analysis of {digest}");
        return image!;
    }

    public void Dispose() => _http.Dispose();
}
