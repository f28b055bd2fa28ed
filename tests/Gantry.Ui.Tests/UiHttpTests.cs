using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gantry.Server.Configuration;
using Gantry.Server.Images;
using Gantry.Server.Storage;
using Gantry.Server.Ui;
using Gantry.Ui.Tests.Support;
using Gantry.TestKit.Postgres;
using Gantry.TestKit.Traits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Ui.Tests;

/// <summary>The UI over HTTP on SQLite.</summary>
[Slow(SlowBecause.LoopbackServer)]
public sealed class UiHttpSqliteTests : UiHttpTests
{
    protected override StateBackend Backend => StateBackend.Sqlite;
}

/// <summary>The UI over HTTP on PostgreSQL (the test run's cluster, a fresh database per test).</summary>
[Slow(SlowBecause.LoopbackServer)]
public sealed class UiHttpPostgresTests : UiHttpTests
{
    protected override StateBackend Backend => StateBackend.Postgres;
}

/// <summary>
/// The UI over HTTP, on each state backend: routing beside the API, the session cookie (and its keys in the state
/// store), CSRF refusals, the confirmed delete and edit actions, and the security headers.
/// </summary>
public abstract class UiHttpTests : IAsyncLifetime
{
    private static readonly string[] Pages =
        ["/ui/login", "/ui/images", "/ui/subscriptions", "/ui/policies", "/ui/registries", "/ui/events", "/ui/assets/ui.css", "/ui/assets/ui.js"];

    private UiService _service = null!;

    protected abstract StateBackend Backend { get; }

    public async Task InitializeAsync() => _service = await UiService.StartAsync(Backend);

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
        await using var worker = await UiService.StartAsync(Backend, c => c with { Roles = ServerRoles.Worker });
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

    [Fact]
    public async Task A_Session_Is_Accepted_By_Another_Process_On_The_Same_State_And_After_A_Restart()
    {
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();
        var cookie = browser.Cookies.GetCookies(new Uri(_service.BaseUrl + "/ui/"))["gantry-ui"]!.Value;

        await using var replica = await _service.StartAnotherAsync();
        var onReplica = await GetWithCookieAsync(replica, cookie);
        await replica.DisposeAsync();
        await using var restarted = await _service.StartAnotherAsync();
        var afterRestart = await GetWithCookieAsync(restarted, cookie);
        var forged = await GetWithCookieAsync(restarted, cookie[..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.OK, onReplica);
        Assert.Equal(HttpStatusCode.OK, afterRestart);
        Assert.Equal(HttpStatusCode.Redirect, forged);
    }

    [Fact]
    public async Task The_Session_Keys_Are_Stored_Sealed()
    {
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        var keys = _service.Store.ListDataProtectionKeys();

        var key = Assert.Single(keys);
        Assert.Contains("<sealed", key, StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_A_Policy_Asks_For_Confirmation_Then_Deletes_It()
    {
        _service.ActivatePolicy(UiImages.StopOnSshBundle, "active-one");
        var now = DateTimeOffset.UtcNow;
        _service.Store.AddPolicy(new PolicyRecord("admin", "old-one", false, "old", null, UiImages.StopOnSshBundle, now, now));
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        using var asked = await browser.PostAsync("/ui/policies/old-one/delete", "/ui/policies");
        var stillThere = _service.Store.GetPolicy("admin", "old-one");
        using var forged = await browser.PostAsync("/ui/policies/old-one/delete", null, ("confirmed", "yes"));
        using var confirmed = await browser.PostAsync("/ui/policies/old-one/delete", "/ui/policies", ("confirmed", "yes"));
        using var active = await browser.PostAsync("/ui/policies/active-one/delete", "/ui/policies", ("confirmed", "yes"));

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Delete policy bundle old-one?", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(stillThere);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Null(_service.Store.GetPolicy("admin", "old-one"));
        Assert.Equal(HttpStatusCode.InternalServerError, active.StatusCode); // the API's answer to it too
        Assert.NotNull(_service.Store.GetPolicy("admin", "active-one"));
    }

    [Fact]
    public async Task A_Registry_Is_Edited_And_Deleted_And_Its_Password_Never_Shown()
    {
        // An awsecr record holds keys, not a login, so the API (and the form) store it without a registry to log in to.
        var secrets = _service.Services.GetRequiredService<Gantry.Server.Security.SecretBox>();
        var now = DateTimeOffset.UtcNow;
        _service.Store.AddRegistry(new RegistryRecord("admin", "registry.example:5000", "example", "old-user", secrets.Seal("old-password"), "awsecr", true, now, now));
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        using var edited = await browser.PostAsync("/ui/registries/update", "/ui/registries",
            ("registry", "registry.example:5000"), ("user", "new-user"), ("password", "edited-secret-7"));
        var page = await (await browser.GetAsync("/ui/registries")).Content.ReadAsStringAsync();
        var updated = _service.Store.GetRegistry("admin", "registry.example:5000")!;
        using var asked = await browser.PostAsync("/ui/registries/delete", "/ui/registries", ("registry", "registry.example:5000"));
        var afterAsking = _service.Store.GetRegistry("admin", "registry.example:5000");
        using var deleted = await browser.PostAsync("/ui/registries/delete", "/ui/registries", ("registry", "registry.example:5000"), ("confirmed", "yes"));
        // Adding checks the login first, as POST /registries does: nothing listens on port 9.
        using var unreachable = await browser.PostAsync("/ui/registries", "/ui/registries", ("registry", "127.0.0.1:9"), ("user", "u"), ("password", "p"));

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("new-user", updated.User);
        Assert.Equal("edited-secret-7", secrets.Open(updated.SecretCipher));
        Assert.False(updated.Verify);
        Assert.DoesNotContain("password\" value=", page, StringComparison.Ordinal);
        Assert.DoesNotContain("edited-secret-7", page, StringComparison.Ordinal);
        Assert.Contains("Delete the credentials of registry registry.example:5000?", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(afterAsking);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(_service.Store.GetRegistry("admin", "registry.example:5000"));
        Assert.Equal(HttpStatusCode.NotAcceptable, unreachable.StatusCode);
        Assert.Contains("cannot ping supplied registry", await unreachable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(_service.Store.GetRegistry("admin", "127.0.0.1:9"));
    }

    [Fact]
    public async Task An_Image_Is_Deleted_Once_Confirmed()
    {
        const string digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        var now = DateTimeOffset.UtcNow;
        _service.Store.UpsertImage(
            new ImageRecord
            {
                Account = "admin", Digest = digest, ImageId = digest[7..], ImageStatus = ImageCatalog.Active, AnalysisStatus = ImageCatalog.NotAnalyzed,
                CreatedAt = now, LastUpdated = now,
            },
            new ImageTagRecord("registry.example", "app", "1", "registry.example/app:1", null, now, now));
        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();
        var path = "/ui/images/" + Uri.EscapeDataString(digest) + "/delete";

        using var asked = await browser.PostAsync(path, "/ui/images");
        var afterAsking = _service.Store.GetImage("admin", digest)!.ImageStatus;
        using var deleted = await browser.PostAsync(path, "/ui/images", ("confirmed", "yes"));
        using var again = await browser.PostAsync("/ui/images/" + Uri.EscapeDataString(digest.Replace('1', '2')) + "/delete", "/ui/images", ("confirmed", "yes"));

        Assert.Contains($"Delete image {digest}?", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ImageCatalog.Active, afterAsking);
        Assert.Equal("/ui/images", deleted.Headers.Location!.OriginalString);
        Assert.Equal(ImageCatalog.Deleting, _service.Store.GetImage("admin", digest)?.ImageStatus ?? ImageCatalog.Deleting);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Events_Are_Deleted_One_Or_By_Level_Once_Confirmed()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, level) in new[] { ("e-info-1", "info"), ("e-info-2", "info"), ("e-error-1", "error"), ("e-error-2", "error") })
        {
            _service.Store.AddEvent(new EventRecord(id, "admin", "user.test", level, "test event", "{}", "test", id, now));
        }

        using var browser = new BrowserSession(_service.BaseUrl);
        using var login = await browser.LogInAsync();

        using var asked = await browser.PostAsync("/ui/events/delete", "/ui/events", ("id", "e-info-1"));
        var afterAsking = _service.Store.GetEvent("admin", "e-info-1");
        using var one = await browser.PostAsync("/ui/events/delete", "/ui/events", ("id", "e-info-1"), ("confirmed", "yes"));
        using var errors = await browser.PostAsync("/ui/events/delete", "/ui/events", ("level", "error"), ("confirmed", "yes"));

        Assert.Contains("Delete event e-info-1?", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(afterAsking);
        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, errors.StatusCode);
        Assert.Null(_service.Store.GetEvent("admin", "e-info-1"));
        Assert.NotNull(_service.Store.GetEvent("admin", "e-info-2"));
        Assert.Null(_service.Store.GetEvent("admin", "e-error-1"));
        Assert.Null(_service.Store.GetEvent("admin", "e-error-2"));
    }

    /// <summary>A page of <paramref name="service"/> with only the session cookie: 200 when the session is accepted, a redirect to the login when not.</summary>
    private static async Task<HttpStatusCode> GetWithCookieAsync(UiService service, string cookie)
    {
        using var browser = new BrowserSession(service.BaseUrl);
        browser.Cookies.Add(new Uri(service.BaseUrl + "/ui/"), new System.Net.Cookie("gantry-ui", cookie, "/ui"));
        using var response = await browser.GetAsync("/ui/events");
        return response.StatusCode;
    }
}
