using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Engine.Scanning;
using Gantry.Engine.Sources;
using Gantry.Images.Registry;
using Gantry.Server.Tests.Support;
using Gantry.TestKit;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Server.Tests;

/// <summary>The end-to-end flow with the service on SQLite.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class AnchoreCliEndToEndTests(DebianImageService fixture) : AnchoreCliEndToEnd(fixture), IClassFixture<DebianImageService>;

/// <summary>The end-to-end flow with the service on PostgreSQL: state, queue and analyses in the database.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class PostgresAnchoreCliEndToEndTests(PostgresDebianImageService fixture) : AnchoreCliEndToEnd(fixture), IClassFixture<PostgresDebianImageService>
{
    [Fact]
    public void Should_Never_Show_The_Connection_Strings_Password()
    {
        Assert.DoesNotContain(StateBackends.UnshownPassword, fixture.Service.Log, StringComparison.Ordinal);
    }
}

/// <summary>
/// The issue's end-to-end must-show: the real anchore-cli drives <c>gantry serve</c> and Debian's docker-registry
/// (htpasswd) on loopback through the whole image lifecycle; then the Jenkins plugin's three calls.
/// </summary>
public abstract class AnchoreCliEndToEnd(DebianImageService fixture)
{
    [Fact]
    public async Task Should_Drive_The_Image_Lifecycle_With_The_Real_Anchore_Cli()
    {
        var cli = new AnchoreCli(fixture.Service.BaseUrl);
        var image = fixture.FullTag;
        await cli.JsonAsync(0, "registry", "add", fixture.Registry.Host, LocalRegistry.Username, LocalRegistry.Password, "--insecure");

        var added = await cli.JsonAsync(0, "image", "add", image);
        var waited = await cli.JsonAsync(0, "image", "wait", image, "--interval", "1", "--timeout", "600");
        var got = await cli.JsonAsync(0, "image", "get", image);

        var digest = got[0]!["imageDigest"]!.GetValue<string>();
        Assert.Equal(digest, added[0]!["imageDigest"]!.GetValue<string>());
        Assert.Equal("analyzed", waited[0]!["analysis_status"]!.GetValue<string>());
        Assert.Equal(await RegistryDigestAsync(), digest);

        var os = await cli.JsonAsync(0, "image", "content", image, "os");
        Assert.Equal(await DpkgPackagesAsync(), os["content"]!.AsArray().Select(p => $"{p!["package"]} {p["version"]}").Order(StringComparer.Ordinal).ToList());
        Assert.NotEmpty((await cli.JsonAsync(0, "image", "content", image, "python"))["content"]!.AsArray());
        Assert.NotEmpty((await cli.JsonAsync(0, "image", "content", image, "npm"))["content"]!.AsArray());

        var vulnerabilities = await cli.JsonAsync(0, "image", "vuln", image, "all");
        var scanned = await ScanFindingsAsync();
        Assert.NotEmpty(scanned);
        Assert.Equal(scanned, vulnerabilities["vulnerabilities"]!.AsArray()
            .Select(v => $"{v!["vuln"]} {v["package_name"]} {v["package_version"]}").Order(StringComparer.Ordinal).ToList());

        var stop = await cli.JsonAsync(1, "evaluate", "check", image, "--detail");
        var stopEntry = stop[0]![digest]![image]![0]!;
        Assert.Equal("fail", stopEntry["status"]!.GetValue<string>());
        var imageId = got[0]!["image_detail"]![0]!["imageId"]!.GetValue<string>();
        var rows = stopEntry["detail"]!["result"]!["result"]![imageId]!["result"]!["rows"]!.AsArray();
        Assert.Contains(rows, r => r![3]!.GetValue<string>() == "dockerfile" && r[5]!.GetValue<string>().Contains("22", StringComparison.Ordinal)
            && r[6]!.GetValue<string>() == "stop");

        var policy = await cli.JsonAsync(0, "policy", "add", Path.Combine(AppContext.BaseDirectory, "Assets", "pass_bundle.json"));
        await cli.JsonAsync(0, "policy", "activate", policy["policyId"]!.GetValue<string>());
        var pass = await cli.JsonAsync(0, "evaluate", "check", image);
        Assert.Equal("pass", pass[0]![digest]![image]![0]!["status"]!.GetValue<string>());

        await cli.JsonAsync(0, "subscription", "activate", "tag_update", image);
        var refused = await cli.RunAsync("image", "del", image);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("has active subscription", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        await cli.JsonAsync(0, "subscription", "deactivate", "tag_update", image);
        await cli.JsonAsync(0, "subscription", "deactivate", "analysis_update", image);
        var subscriptions = await cli.JsonAsync(0, "subscription", "list");
        Assert.DoesNotContain(subscriptions.AsArray(), s => s!["subscription_key"]!.GetValue<string>() == image && s["active"]!.GetValue<bool>());
        var deleted = await cli.RunAsync("image", "del", image);
        Assert.True(deleted.ExitCode == 0, deleted.Stdout + deleted.Stderr);
    }

    [Fact]
    public async Task Should_Answer_The_Jenkins_Plugins_Three_Calls_With_Credentials_Sent_After_The_Challenge()
    {
        // An account of its own: its default bundle is active whatever the lifecycle test activated for admin.
        using (var admin = new AnchoreClient(fixture.Service.BaseUrl))
        {
            Assert.Equal(200, (await admin.PostAsync("accounts", "{\"name\": \"jenkins\"}")).Status);
            Assert.Equal(200, (await admin.PostAsync("accounts/jenkins/users", "{\"username\": \"jenkins\", \"password\": \"jenkins-pw\"}")).Status);
        }

        using (var jenkins = new AnchoreClient(fixture.Service.BaseUrl, "jenkins", "jenkins-pw"))
        {
            var registry = new JsonObject
            {
                ["registry"] = fixture.Registry.Host, ["registry_user"] = LocalRegistry.Username, ["registry_pass"] = LocalRegistry.Password,
                ["registry_verify"] = false,
            };
            Assert.Equal(200, (await jenkins.PostAsync("registries?validate=False", registry.ToJsonString())).Status);
        }

        // Like Apache HttpClient's CredentialsProvider: nothing is sent until the server answers 401 with a Basic challenge.
        using var handler = new HttpClientHandler { Credentials = new NetworkCredential("jenkins", "jenkins-pw"), PreAuthenticate = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(fixture.Service.BaseUrl + "/v1/") };
        var tag = fixture.FullTag;

        var add = await http.PostAsync("images?autosubscribe=false&force=false",
            new StringContent(new JsonObject { ["tag"] = tag, ["dockerfile"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("FROM scratch\nEXPOSE 22\n")) }.ToJsonString(),
                Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        var digest = JsonNode.Parse(await add.Content.ReadAsStringAsync())![0]!["imageDigest"]!.GetValue<string>();

        JsonNode? check = null;
        await Poll.UntilAsync(async () =>
        {
            // The plugin does not encode the tag: '/' and ':' go raw.
            var response = await http.GetAsync($"images/{digest}/check?tag={tag}&detail=true");
            check = response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            return check is not null;
        }, TimeSpan.FromMinutes(10), "the policy check to answer 200");
        var byTag = check![0]![digest]!.AsObject().First().Value![0]!;
        Assert.Equal("fail", byTag["status"]!.GetValue<string>());
        var results = byTag["detail"]!["result"]!["result"]!.AsObject().Where(p => p.Value is JsonObject o && o["result"] is not null).ToList();
        var table = results.Single().Value!["result"]!;
        Assert.Equal(9, table["header"]!.AsArray().Count);
        Assert.Contains(table["rows"]!.AsArray(), r => r![6]!.GetValue<string>() == "stop");

        var vuln = await http.GetAsync($"images/{digest}/vuln/all");
        Assert.Equal(HttpStatusCode.OK, vuln.StatusCode);
        foreach (var item in JsonNode.Parse(await vuln.Content.ReadAsStringAsync())!["vulnerabilities"]!.AsArray())
        {
            foreach (var field in new[] { "vuln", "severity", "package", "fix", "url" })
            {
                Assert.Equal(System.Text.Json.JsonValueKind.String, item![field]!.GetValueKind());
            }
        }
    }

    private async Task<string> RegistryDigestAsync()
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--creds", $"{LocalRegistry.Username}:{LocalRegistry.Password}",
            "--format", "{{.Digest}}", $"docker://{fixture.FullTag}"]);
        return result.Stdout.Trim();
    }

    private async Task<List<string>> DpkgPackagesAsync()
    {
        var result = await ProcessRunner.RunAsync("dpkg-query", ["--admindir", Path.Combine(fixture.Image.RootFs, "var", "lib", "dpkg"), "-W", "-f", "${Package} ${Version}\n"]);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>What <c>gantry scan</c> reports for the same image and database.</summary>
    private async Task<List<string>> ScanFindingsAsync()
    {
        var registry = new RegistryOptions
        {
            Credential = new RegistryCredential(LocalRegistry.Username, LocalRegistry.Password),
            InsecureRegistries = [fixture.Registry.Host],
        };
        var options = new ScanOptions
        {
            DatabasePath = CorpusVulnerabilityDatabase.Path,
            AllowStale = true,
            Sbom = new Engine.SbomOptions { Source = new ImageSourceOptions { Registry = registry } },
        };
        var report = await new Scanner().ScanAsync("registry:" + fixture.FullTag, options, null, CancellationToken.None);
        return report.Active.Select(f => $"{f.Finding.Vulnerability.Id} {f.Finding.Package.Name} {f.Finding.Package.Version}").Order(StringComparer.Ordinal).ToList();
    }
}
