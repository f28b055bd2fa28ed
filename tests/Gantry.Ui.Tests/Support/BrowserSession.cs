using System.Net;
using System.Text.RegularExpressions;

namespace Gantry.Ui.Tests.Support;

/// <summary>An HTTP client that behaves like a browser towards the UI: cookies kept, redirects not followed, HTML asked for.</summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClient _http;

    public BrowserSession(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        _http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>Posts the form fields, with the antiforgery token of the page at <paramref name="tokenFrom"/> unless it is null.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string? tokenFrom, params (string Name, string Value)[] fields)
    {
        var all = fields.ToList();
        if (tokenFrom is not null)
        {
            all.Add(("__csrf", await TokenAsync(tokenFrom)));
        }

        using var content = new FormUrlEncodedContent(all.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return await _http.PostAsync(path, content);
    }

    public async Task<HttpResponseMessage> LogInAsync(string user = "admin", string password = UiService.AdminPassword) =>
        await PostAsync("/ui/login", "/ui/login", ("username", user), ("password", password));

    /// <summary>The antiforgery token in the first form of the page.</summary>
    public async Task<string> TokenAsync(string page)
    {
        using var response = await _http.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"no antiforgery field on {page} ({(int)response.StatusCode})");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
