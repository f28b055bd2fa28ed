using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Gantry.Server.Tests.Support;
using Gantry.TestKit;
using Gantry.TestKit.Traits;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Server.Tests;

/// <summary>
/// The API's transport rules, refusals and isolation, against the service hosted in-process (no registry needed), on
/// SQLite; <see cref="PostgresServiceApiTests"/> runs the same on PostgreSQL.
/// </summary>
[Slow(SlowBecause.LoopbackServer)]
public partial class ServiceApiTests : IAsyncLifetime
{
    private InProcessService _service = null!;

    protected virtual StateBackend Backend => StateBackend.Sqlite;

    public async Task InitializeAsync() => _service = await InProcessService.StartAsync(backend: Backend);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Should_Serve_The_Open_Routes_Without_Credentials_Under_Both_Prefixes()
    {
        using var http = new HttpClient();
        Assert.Equal("\"v1\"", await http.GetStringAsync(_service.BaseUrl + "/v1"));
        Assert.Equal("\"v1\"", await http.GetStringAsync(_service.BaseUrl + "/"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(_service.BaseUrl + "/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(_service.BaseUrl + "/v1/version/")).StatusCode);
        foreach (var path in new[] { "/swagger.json", "/v1/swagger.json" })
        {
            var swagger = JsonNode.Parse(await http.GetStringAsync(_service.BaseUrl + path))!;
            Assert.Equal("0.1.20", swagger["info"]!["version"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Should_Challenge_A_Missing_Or_Wrong_Credential_With_WWW_Authenticate()
    {
        using var http = new HttpClient();
        var anonymous = await http.GetAsync(_service.BaseUrl + "/v1/images");
        using var wrong = _service.Client(password: "wrong");
        var (wrongStatus, _) = await wrong.GetAsync("images");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("basic realm=\"Authentication required\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Unauthorized", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(401, wrongStatus);
    }

    [Fact]
    public async Task Should_Install_The_Default_Bundle_Active_And_Refuse_What_The_Engine_Refuses()
    {
        using var client = _service.Client();
        var bundle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "pass_bundle.json"));

        var (listStatus, list) = await client.GetAsync("policies");
        var defaultId = list!.AsArray().Single()!["policyId"]!.GetValue<string>();
        var (addStatus, added) = await client.PostAsync("policies?detail=True", bundle);
        var id = added!["policyId"]!.GetValue<string>();
        var (deleteActive, deleteActiveBody) = await client.SendAsync(HttpMethod.Delete, $"policies/{defaultId}");
        var (getStatus, fetched) = await client.GetAsync($"policies/{id}?detail=True");
        fetched![0]!["active"] = true;
        var (activateStatus, _) = await client.SendAsync(HttpMethod.Put, $"policies/{id}", fetched[0]!.ToJsonString());
        var (_, afterActivation) = await client.GetAsync("policies");
        var (deactivateStatus, _) = await client.SendAsync(HttpMethod.Put, $"policies/{id}", "{\"active\": false}");
        var (invalidStatus, invalid) = await client.PostAsync("policies", "{\"id\": \"x\", \"version\": \"9_9\"}");

        Assert.Equal((200, 200, 200, 200), (listStatus, addStatus, getStatus, activateStatus));
        Assert.Equal(AccountsDefaultPolicy, defaultId);
        Assert.Equal(500, deleteActive);
        Assert.Equal("cannot delete an active policy - activate a different policy then delete this one", deleteActiveBody!["message"]!.GetValue<string>());
        Assert.Equal(id, afterActivation!.AsArray().Single(p => p!["active"]!.GetValue<bool>())!["policyId"]!.GetValue<string>());
        Assert.Equal(500, deactivateStatus);
        Assert.Equal(400, invalidStatus);
        Assert.Equal("Bundle failed validation", invalid!["message"]!.GetValue<string>());
        Assert.NotNull(invalid["detail"]!["validation_details"]);
    }

    private const string AccountsDefaultPolicy = "2c53a13c-1765-11e8-82ef-23527761d060";

    [Fact]
    public async Task Should_Filter_Subscriptions_On_Both_Key_And_Type_And_Refuse_Duplicates()
    {
        using var client = _service.Client();
        var body = "{\"subscription_key\": \"docker.io/alpine:latest\", \"subscription_type\": \"tag_update\"}";

        var (first, created) = await client.PostAsync("subscriptions", body);
        var (duplicate, duplicateBody) = await client.PostAsync("subscriptions", body);
        await client.PostAsync("subscriptions", "{\"subscription_key\": \"docker.io/alpine:latest\", \"subscription_type\": \"vuln_update\"}");
        var (_, filtered) = await client.GetAsync("subscriptions?subscription_key=docker.io/alpine:latest&subscription_type=vuln_update");
        var (unknownType, _) = await client.PostAsync("subscriptions", "{\"subscription_key\": \"k\", \"subscription_type\": \"nope\"}");
        var id = created![0]!["subscription_id"]!.GetValue<string>();
        var (putStatus, put) = await client.SendAsync(HttpMethod.Put, $"subscriptions/{id}", "{\"active\": false}");

        Assert.Equal(200, first);
        Assert.Equal(500, duplicate);
        Assert.Equal("subscription already exists in DB", duplicateBody!["message"]!.GetValue<string>());
        Assert.Equal("vuln_update", filtered!.AsArray().Single()!["subscription_type"]!.GetValue<string>());
        Assert.Equal(400, unknownType);
        Assert.Equal(200, putStatus);
        Assert.False(put![0]!["active"]!.GetValue<bool>());
        Assert.Equal(Gantry.Server.Images.Subscriptions.IdOf("admin", "docker.io/alpine:latest", "tag_update"), id);
    }

    [Fact]
    public async Task Should_Keep_Accounts_Apart_And_Let_The_Admin_Act_As_Either()
    {
        using var admin = _service.Client();
        foreach (var name in new[] { "team-a", "team-b" })
        {
            Assert.Equal(200, (await admin.PostAsync("accounts", $"{{\"name\": \"{name}\"}}")).Status);
            Assert.Equal(200, (await admin.PostAsync($"accounts/{name}/users", $"{{\"username\": \"{name}-user\", \"password\": \"pw-{name}\"}}")).Status);
        }

        using var a = _service.Client("team-a-user", "pw-team-a");
        using var b = _service.Client("team-b-user", "pw-team-b");
        var bundle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "pass_bundle.json"));
        var (_, policy) = await a.PostAsync("policies", bundle);
        var policyId = policy!["policyId"]!.GetValue<string>();
        await a.PostAsync("registries?validate=False", "{\"registry\": \"127.0.0.1:5999\", \"registry_user\": \"u\", \"registry_pass\": \"secret-pass\"}");

        Assert.Equal(404, (await b.GetAsync($"policies/{policyId}")).Status);
        Assert.Equal(404, (await b.GetAsync("registries/" + Uri.EscapeDataString("127.0.0.1:5999"))).Status);
        Assert.Empty((await b.GetAsync("registries")).Body!.AsArray());
        Assert.Equal(403, (await new AnchoreClient(_service.BaseUrl, "team-b-user", "pw-team-b", account: "team-a").GetAsync("policies")).Status);
        Assert.Equal(403, (await b.GetAsync("accounts")).Status);
        using var adminAsA = _service.Client(account: "team-a");
        Assert.Equal(200, (await adminAsA.GetAsync($"policies/{policyId}")).Status);
        var (_, registries) = await adminAsA.GetAsync("registries");
        Assert.Equal("127.0.0.1:5999", registries![0]!["registry"]!.GetValue<string>());
        Assert.DoesNotContain("secret-pass", registries.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Answer_Hostile_Input_With_The_Error_Json_And_Keep_Serving()
    {
        using var client = _service.Client();
        var cases = new (string Path, string Body, int Status)[]
        {
            ("images", "{\"tag\": ", 400),
            ("images", "{\"tag\": 42}", 400),
            ("images", "{\"tag\": \"Not A Reference!\"}", 400),
            ("images", "{\"tag\": \"repo@sha256:" + new string('a', 64) + "\"}", 400),
            ("images", "{\"tag\": \"127.0.0.1:1/nothing:here\"}", 400),
            ("registries", "{\"registry\": \"https://x.example\", \"registry_user\": \"u\", \"registry_pass\": \"p\"}", 409),
            ("subscriptions", "[1, 2]", 400),
        };
        foreach (var (path, body, status) in cases)
        {
            var (actual, error) = await client.PostAsync(path, body);
            Assert.Equal(status, actual);
            Assert.Equal(status, error!["httpcode"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
            Assert.NotNull(error["detail"]);
        }

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:foobar")));
        using var huge = new HttpRequestMessage(HttpMethod.Post, _service.BaseUrl + "/v1/policies") { Content = new ByteArrayContent(new byte[50 * 1024 * 1024]) };
        huge.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // With 100-continue the client waits for the verdict instead of pushing 50 MB into a closed connection.
        huge.Headers.ExpectContinue = true;
        var tooLarge = await http.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(413, JsonNode.Parse(await tooLarge.Content.ReadAsStringAsync())!["httpcode"]!.GetValue<int>());
        Assert.Equal(200, (await client.GetAsync("images")).Status);
    }

    [Fact]
    public async Task Should_Answer_Every_Get_Route_Without_A_Server_Error_When_The_Admin_Calls_It()
    {
        // Every response type must come from ApiJsonContext (the service has no reflection-based JSON, as in the Native
        // AOT build): a type missing there is a 500 on the route that returns it. Route values are ones that exist
        // (the admin account) or that no lookup finds, so list routes answer 200 and item routes 200 or 404.
        var routes = _service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => RouteValue().Replace(e.RoutePattern.RawText!, m => m.Groups[1].Value switch
            {
                "name" or "accountname" or "username" => "admin",
                var other => "no-such-" + other,
            }))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:foobar")));

        Assert.True(routes.Count > 40, $"only {routes.Count} GET routes found");
        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var response = await http.GetAsync(_service.BaseUrl + "/" + route.TrimStart('/'));
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500
                || (response.Content.Headers.ContentType?.MediaType == "application/json" && body.Length > 0 && !JsonText.IsValid(body)))
            {
                failures.Add($"{route}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }
        }

        Assert.Empty(failures);
    }

    [GeneratedRegex(@"\{\*?\*?([A-Za-z_]+)[^}]*\}")]
    private static partial Regex RouteValue();

    [Fact]
    public async Task Should_Page_Events_Newest_First_And_Reject_An_Unreadable_Date()
    {
        using var client = _service.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsync("images", $"{{\"tag\": \"127.0.0.1:1/missing{i}:latest\"}}");
        }

        var (_, first) = await client.GetAsync("events?page=1&limit=2");
        var (_, second) = await client.GetAsync("events?page=2&limit=2&level=ERROR");
        var (badDate, _) = await client.GetAsync("events?since=yesterday-ish");

        Assert.True(first!["next_page"]!.GetValue<bool>());
        Assert.Equal(2, first["item_count"]!.GetValue<int>());
        Assert.False(second!["next_page"]!.GetValue<bool>());
        Assert.Equal("127.0.0.1:1/missing0:latest", second["results"]![0]!["event"]!["resource"]!["id"]!.GetValue<string>());
        Assert.Equal(400, badDate);
    }

    [Fact]
    public async Task Should_Match_Event_Types_Case_Sensitively_With_Star_As_The_Only_Wildcard()
    {
        using var client = _service.Client();
        await client.PostAsync("images", "{\"tag\": \"127.0.0.1:1/missing:latest\"}");

        async Task<int> CountAsync(string eventType) =>
            (await client.GetAsync("events?event_type=" + Uri.EscapeDataString(eventType))).Body!["results"]!.AsArray().Count;

        Assert.Equal(1, await CountAsync("system.image_analysis.registry_lookup_failed"));
        Assert.Equal(1, await CountAsync("system.image_analysis.*"));
        Assert.Equal(0, await CountAsync("SYSTEM.image_analysis.registry_lookup_failed"));
        Assert.Equal(0, await CountAsync("System.*"));
        Assert.Equal(0, await CountAsync("system.image_analysis.registry_lookup_faile?"));
        Assert.Equal(0, await CountAsync("system_image_analysis%"));
    }
}

/// <summary>The API tests on PostgreSQL.</summary>
public sealed partial class PostgresServiceApiTests : ServiceApiTests
{
    protected override StateBackend Backend => StateBackend.Postgres;
}
