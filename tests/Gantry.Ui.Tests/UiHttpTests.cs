using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gantry.Server.Configuration;
using Gantry.Server.Images;
using Gantry.Server.Ui;
using Gantry.Ui.Tests.Support;
using Gantry.TestKit.Traits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Ui.Tests;

/// <summary>The UI over HTTP: routing beside the API, the session cookie, CSRF refusals and the security headers.</summary>
[Slow(SlowBecause.LoopbackServer)]
public sealed class UiHttpTests : IAsyncLifetime
{
    private static readonly string[] Pages =
        ["/ui/login", "/ui/images", "/ui/subscriptions", "/ui/policies", "/ui/registries", "/ui/events", "/ui/assets/ui.css", "/ui/assets/ui.js"];

    private UiService _service = null!;

    public async Task InitializeAsync() => _service = await UiService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Root_Answers_V1_To_Api_Clients_And_Sends_Browsers_To_The_Ui()
    {
        using var api = new HttpClient { BaseAddress = new Uri(_service.BaseUrl) };
        using var browser = new BrowserSession(_service.BaseUrl);

        var forApi = await api.GetStringAsync("/");
        using var forBrowser = await browser.GetAsync("/");

        Assert.Equal("\"v1\"", forApi);
        Assert.Equal(HttpStatusCode.Redirect, forBrowser.StatusCode);
        Assert.Equal("/ui/images", forBrowser.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Only_Api_Processes_Serve_The_Ui()
    {
        await using var worker = await UiService.StartAsync(c => c with { Roles = ServerRoles.Worker });
        using var browser = new BrowserSession(worker.BaseUrl);

        using var login = await browser.GetAsync("/ui/login");

        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }

    [Fact]
    public async Task Api_Routes_Still_Need_Basic_Credentials_And_Ignore_The_Ui_Session()
    {
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        using var withSession = await browser.GetAsync("/v1/images");
        using var api = new HttpClient { BaseAddress = new Uri(_service.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{UiService.AdminPassword}")));
        using var withBasic = await api.GetAsync("/images");

        Assert.Equal(HttpStatusCode.Unauthorized, withSession.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withBasic.StatusCode);
    }

    [Theory]
    [InlineData("/ui/images")]
    [InlineData("/ui/events")]
    [InlineData("/ui/images/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_Page_Without_A_Session_Redirects_To_The_Login(string page)
    {
        using var browser = new BrowserSession(_service.BaseUrl);

        using var response = await browser.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ui/login?return=" + Uri.EscapeDataString(page), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_Issues_An_HttpOnly_SameSite_Strict_Cookie_And_Returns_To_The_Page_Asked_For()
    {
        using var browser = new BrowserSession(_service.BaseUrl);

        using var response = await browser.PostAsync("/ui/login", "/ui/login", ("username", "admin"), ("password", UiService.AdminPassword), ("return", "/ui/events"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ui/events", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("gantry-ui=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/ui", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        using var page = await browser.GetAsync("/ui/events");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Login_Never_Redirects_Off_The_Ui()
    {
        using var browser = new BrowserSession(_service.BaseUrl);

        using var response = await browser.PostAsync("/ui/login", "/ui/login", ("username", "admin"), ("password", UiService.AdminPassword),
            ("return", "//evil.example/ui/images"));

        Assert.Equal("/ui/images", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_Session_Cookie_Is_Secure_Over_Https()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddAuthentication().AddCookie(UiSession.Scheme, UiSession.ConfigureCookie);
        using var services = collection.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Scheme = "https";

        await http.SignInAsync(UiSession.Scheme, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([], UiSession.Scheme)));

        var cookie = http.Response.Headers.SetCookie.ToString();
        Assert.StartsWith("gantry-ui=", cookie, StringComparison.Ordinal);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_Wrong_Password_Shows_An_Error_And_Issues_No_Session()
    {
        using var browser = new BrowserSession(_service.BaseUrl);

        using var response = await browser.PostAsync("/ui/login", "/ui/login", ("username", "admin"), ("password", "not-the-password"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("gantry-ui=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Logout_Ends_The_Session()
    {
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        using var logout = await browser.PostAsync("/ui/logout", "/ui/images");
        using var after = await browser.GetAsync("/ui/images");

        Assert.Equal("/ui/login", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task A_Form_Without_Its_Antiforgery_Token_Changes_Nothing()
    {
        _service.Store.AddSubscription(_service.Services.GetRequiredService<Subscriptions>().New("admin", Subscriptions.TagUpdate, "docker.io/library/debian:12", null, active: false));
        var id = Subscriptions.IdOf("admin", "docker.io/library/debian:12", Subscriptions.TagUpdate);
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        using var forged = await browser.PostAsync($"/ui/subscriptions/{id}", tokenFrom: null, ("active", "true"));
        using var loginWithoutToken = await new BrowserSession(_service.BaseUrl).PostAsync("/ui/login", null, ("username", "admin"), ("password", UiService.AdminPassword));
        using var genuine = await browser.PostAsync($"/ui/subscriptions/{id}", "/ui/subscriptions", ("active", "true"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(UiLayout.StaleForm, await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, loginWithoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.True(_service.Store.GetSubscription("admin", id)!.Active);
    }

    [Fact]
    public async Task Every_Page_Carries_The_Content_Security_Policy_And_Nosniff()
    {
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        foreach (var page in Pages)
        {
            using var response = await browser.GetAsync(page);

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{page}: {(int)response.StatusCode}");
            var csp = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task An_Admin_Switches_Account_And_A_User_May_Not()
    {
        var accounts = _service.Services.GetRequiredService<Gantry.Server.Accounts.AccountService>();
        accounts.CreateAccount("team", null, Gantry.Server.Accounts.AccountService.UserType);
        accounts.CreateUser("team", "dev", "dev-password");
        using var admin = new BrowserSession(_service.BaseUrl);
        using var user = new BrowserSession(_service.BaseUrl);
        using var adminLogin = await admin.LogInAsync();
        using var userLogin = await user.LogInAsync("dev", "dev-password");

        using var switched = await admin.PostAsync("/ui/account", "/ui/images", ("account", "team"));
        var page = await (await admin.GetAsync("/ui/images")).Content.ReadAsStringAsync();
        using var refused = await user.PostAsync("/ui/account", "/ui/images", ("account", "admin"));

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("admin acting on team", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
