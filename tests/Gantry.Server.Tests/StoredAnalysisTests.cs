using System.Text.Json.Nodes;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Server.Tests;

/// <summary>
/// Analyses stored once and read again through the in-process service: a replaced vulnerability database taken up by
/// the feed sync, the query routes' paging, and what <c>/metrics</c> exposes after real work.
/// </summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed class StoredAnalysisTests(RegistryFixture registries)
{
    private static readonly TimeSpan AnalysisTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The marker packages of the small images these tests push.</summary>
    private static readonly string[] StoredAnalysisPackages = ["gantry-dbswap", "gantry-page-a", "gantry-page-b"];

    [Fact]
    public async Task Should_Rematch_The_Stored_Sbom_After_The_Database_File_Is_Replaced_And_Synced()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "dbswap"), registry, "dbswap/app:1");
        var folder = RegistryImages.TempFolder();
        var databasePath = Path.Combine(folder, "vulnerabilities.db");
        try
        {
            TrackerDatabase.Replace(databasePath, StoredAnalysisPackages, "CVE-2099-1111");
            await using var service = await InProcessService.StartAsync(c => c with { InsecureRegistries = [registry.Host], DatabasePath = databasePath });
            using var client = service.Client();
            var (_, added) = await client.PostAsync("images", $"{{\"tag\": \"{registry.Host}/dbswap/app:1\"}}");
            var digest = Uri.EscapeDataString(added![0]!["imageDigest"]!.GetValue<string>());
            var analyzed = await client.WaitForAnalysisAsync(added[0]!["imageDigest"]!.GetValue<string>(), AnalysisTimeout);

            var before = await VulnerabilityIdsAsync(client, digest);
            TrackerDatabase.Replace(databasePath, StoredAnalysisPackages, "CVE-2099-2222");
            var unsynced = await VulnerabilityIdsAsync(client, digest);
            var (syncStatus, sync) = await client.PostAsync("system/feeds?flush=False", "null");
            var after = await VulnerabilityIdsAsync(client, digest);
            var (_, byVulnerability) = await client.GetAsync("query/images/by_vulnerability?vulnerability_id=CVE-2099-2222");
            var (_, image) = await client.GetAsync($"images/{digest}");
            var (_, completions) = await client.GetAsync("events?event_type=user.image.analysis.completed");

            Assert.Equal("analyzed", analyzed["analysis_status"]!.GetValue<string>());
            Assert.Equal(["CVE-2099-1111"], before);
            Assert.Equal(["CVE-2099-1111"], unsynced);
            Assert.Equal(200, syncStatus);
            Assert.Equal(("vulnerabilities", "success"), (sync![0]!["feed"]!.GetValue<string>(), sync[0]!["status"]!.GetValue<string>()));
            Assert.Equal(["CVE-2099-2222"], after);
            Assert.Equal(1, byVulnerability!["total_count"]!.GetValue<int>());
            Assert.Equal(analyzed["analyzed_at"]!.GetValue<string>(), image![0]!["analyzed_at"]!.GetValue<string>());
            Assert.Single(completions!["results"]!.AsArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Should_Page_Query_Results_By_Digest_And_Expose_Request_Queue_Analysis_And_Database_Metrics()
    {
        var registry = await registries.PlainAsync();
        var folder = RegistryImages.TempFolder();
        var databasePath = Path.Combine(folder, "vulnerabilities.db");
        try
        {
            TrackerDatabase.Replace(databasePath, StoredAnalysisPackages, "CVE-2099-3333");
            await using var service = await InProcessService.StartAsync(c => c with { InsecureRegistries = [registry.Host], DatabasePath = databasePath });
            using var client = service.Client();
            var digests = new List<string>();
            foreach (var marker in new[] { "page-a", "page-b" })
            {
                await RegistryImages.PushAsync(RegistryImages.Small(marker: marker), registry, $"paging/{marker}:1");
                var (_, added) = await client.PostAsync("images", $"{{\"tag\": \"{registry.Host}/paging/{marker}:1\"}}");
                digests.Add(added![0]!["imageDigest"]!.GetValue<string>());
                await client.WaitForAnalysisAsync(digests[^1], AnalysisTimeout);
            }

            var (_, everything) = await client.GetAsync("query/images/by_package?name=base-files");
            var (_, first) = await client.GetAsync("query/images/by_package?name=base-files&page=1&limit=1");
            var (_, second) = await client.GetAsync("query/images/by_package?name=base-files&page=2&limit=1");
            var (badLimit, _) = await client.GetAsync("query/images/by_package?name=base-files&limit=0");
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync(service.BaseUrl + "/metrics");

            Assert.Equal(("1", 2, 2), (everything!["page"]!.GetValue<string>(), everything["returned_count"]!.GetValue<int>(), everything["total_count"]!.GetValue<int>()));
            Assert.Null(everything["next_page"]);
            Assert.Equal(("1", "2", 1, 2), (first!["page"]!.GetValue<string>(), first["next_page"]!.GetValue<string>(),
                first["returned_count"]!.GetValue<int>(), first["total_count"]!.GetValue<int>()));
            Assert.Equal(("2", 1), (second!["page"]!.GetValue<string>(), second["returned_count"]!.GetValue<int>()));
            Assert.Null(second["next_page"]);
            Assert.Equal(digests.Order(StringComparer.Ordinal), [Digest(first), Digest(second)]);
            Assert.Equal(400, badLimit);

            Assert.Matches(@"(?m)^http_requests_received_total\{code=""200"",method=""POST"",controller="""",action="""",endpoint=""/v1/images/""\} 2$", metrics);
            Assert.Matches(@"(?m)^http_requests_received_total\{code=""400"",method=""GET"",controller="""",action="""",endpoint=""/v1/query/images/by_package""\} 1$", metrics);
            Assert.Contains("http_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^gantry_analysis_queue_depth 0$", metrics);
            Assert.Matches(@"(?m)^gantry_analysis_duration_seconds_count\{result=""analyzed""\} 2$", metrics);
            Assert.Matches(@"(?m)^gantry_vulnerability_db_age_seconds \d", metrics);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Should_Answer_Check_With_History_From_The_Stored_Evaluations_Newest_First()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "history"), registry, "history/app:1");
        await using var service = await InProcessService.StartAsync(c => c with { InsecureRegistries = [registry.Host] });
        using var client = service.Client();
        var tag = $"{registry.Host}/history/app:1";
        var (_, added) = await client.PostAsync("images", $"{{\"tag\": \"{tag}\"}}");
        var digest = added![0]!["imageDigest"]!.GetValue<string>();
        await client.WaitForAnalysisAsync(digest, AnalysisTimeout);
        var (_, policy) = await client.PostAsync("policies", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "pass_bundle.json")));
        var passId = policy!["policyId"]!.GetValue<string>();
        var check = $"images/{Uri.EscapeDataString(digest)}/check?tag={tag}";

        var (noneStored, _) = await client.GetAsync(check + "&history=true");
        var (_, byDefault) = await client.GetAsync(check);
        await client.GetAsync(check + $"&policyId={passId}");
        var (historyStatus, history) = await client.GetAsync(check + "&history=true&detail=true");
        var (_, again) = await client.GetAsync(check + "&history=true");

        var defaultId = byDefault![0]![digest]![tag]![0]!["policyId"]!.GetValue<string>();
        var entries = history![0]![digest]![tag]!.AsArray();
        Assert.Equal(404, noneStored);
        Assert.Equal(200, historyStatus);
        Assert.Equal([passId, defaultId], entries.Select(e => e!["policyId"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal(digest, e!["detail"]!["result"]!["image_digest"]!.GetValue<string>()));
        Assert.Equal(2, again![0]![digest]![tag]!.AsArray().Count);
    }

    [Fact]
    public async Task Should_List_Anchore_Secret_Matches_Per_File_As_Artifacts()
    {
        var registry = await registries.PlainAsync();
        var image = new SyntheticImage { RepoTag = "secrets/app:1" };
        image.Layer(l => l.File("root/.aws/credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"), "secrets");
        await RegistryImages.PushAsync(image.Build(), registry, "secrets/app:1");
        await using var service = await InProcessService.StartAsync(c => c with { InsecureRegistries = [registry.Host] });
        using var client = service.Client();
        var (_, added) = await client.PostAsync("images", $"{{\"tag\": \"{registry.Host}/secrets/app:1\"}}");
        var digest = added![0]!["imageDigest"]!.GetValue<string>();
        await client.WaitForAnalysisAsync(digest, AnalysisTimeout);
        var artifacts = $"images/{Uri.EscapeDataString(digest)}/artifacts/";

        var (_, secrets) = await client.GetAsync(artifacts + "secret_search");
        var (_, retrieved) = await client.GetAsync(artifacts + "retrieved_files");
        var (unknown, _) = await client.GetAsync(artifacts + "nothing_like_this");

        var file = Assert.Single(secrets!.AsArray())!;
        Assert.EndsWith("root/.aws/credentials", file["path"]!.GetValue<string>(), StringComparison.Ordinal);
        var match = Assert.Single(file["matches"]!.AsArray())!;
        Assert.Equal("AWS_ACCESS_KEY", match["name"]!.GetValue<string>());
        Assert.Equal([2], match["lines"]!.AsArray().Select(l => l!.GetValue<int>()));
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", secrets.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(retrieved!.AsArray());
        Assert.Equal(404, unknown);
    }

    private static string Digest(JsonNode page) => page["images"]![0]!["image"]!["imageDigest"]!.GetValue<string>();

    private static async Task<List<string>> VulnerabilityIdsAsync(AnchoreClient client, string digest)
    {
        var (status, body) = await client.GetAsync($"images/{digest}/vuln/all");
        Assert.Equal(200, status);
        return body!["vulnerabilities"]!.AsArray().Select(v => v!["vuln"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
    }
}
