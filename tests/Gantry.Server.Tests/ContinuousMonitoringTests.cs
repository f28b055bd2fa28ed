using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Server.Tests;

/// <summary>
/// Continuous monitoring end to end: the real anchore-cli subscribes a tag, the database is replaced with one more
/// advisory, and after the feed sync a loopback receiver gets the one <c>vuln_update</c> the diff calls for, without
/// the image being analyzed again.
/// </summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed partial class ContinuousMonitoringTests(RegistryFixture registries)
{
    private const string Secret = "monitoring-secret";
    private static readonly string[] MarkerPackage = ["gantry-monitor"];

    [Fact]
    public async Task Should_Send_One_Vuln_Update_With_The_New_Advisory_After_A_Database_Change_Without_Reanalysis()
    {
        await AnchoreCli.EnsureInstalledAsync();
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "monitor"), registry, "monitor/app:1");
        var folder = RegistryImages.TempFolder();
        var databasePath = Path.Combine(folder, "vulnerabilities.db");
        using var receiver = new WebhookReceiver();
        try
        {
            TrackerDatabase.Replace(databasePath, MarkerPackage, "CVE-2099-1111");
            await using var service = await InProcessService.StartAsync(c => c with
            {
                InsecureRegistries = [registry.Host],
                DatabasePath = databasePath,
                Webhooks = new() { GeneralUrl = receiver.Url + "general/<notification_type>", Secret = Secret },
            });
            var cli = new AnchoreCli(service.BaseUrl);
            var tag = $"{registry.Host}/monitor/app:1";
            using var client = service.Client();
            var submitted = await cli.JsonAsync(0, "image", "add", tag);
            await client.WaitForAnalysisAsync(submitted[0]!["imageDigest"]!.GetValue<string>(), TimeSpan.FromMinutes(3));
            var analyzed = (await cli.JsonAsync(0, "image", "get", tag))[0]!;
            var policy = await cli.JsonAsync(0, "policy", "add", Path.Combine(AppContext.BaseDirectory, "Assets", "stop_on_advisory_bundle.json"));
            Assert.Equal(0, (await cli.RunAsync("policy", "activate", policy["policyId"]!.GetValue<string>())).ExitCode);
            await cli.JsonAsync(0, "subscription", "activate", "vuln_update", tag);
            await cli.JsonAsync(0, "subscription", "activate", "policy_eval", tag);
            var analysesBefore = await AnalysisCountAsync(service);

            TrackerDatabase.Replace(databasePath, MarkerPackage, "CVE-2099-1111", "CVE-2099-2222");
            var (syncStatus, _) = await client.PostAsync("system/feeds", "null");
            var updates = await receiver.WaitForAsync(r => r.Path == "/general/vuln_update", TimeSpan.FromSeconds(30));
            var policyUpdates = await receiver.WaitForAsync(r => r.Path == "/general/policy_eval", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2)); // a second notification would have come by now
            var vulnerabilities = await cli.JsonAsync(0, "image", "vuln", tag, "all");
            var image = (await cli.JsonAsync(0, "image", "get", tag))[0]!;
            var analysesAfter = await AnalysisCountAsync(service);
            var (_, events) = await client.GetAsync("events?event_type=user.checks.tag.vulnerabilities.update");

            Assert.Equal(200, syncStatus);
            var update = Assert.Single(receiver.Delivered, r => r.Path == "/general/vuln_update");
            Assert.Same(updates[0], update);
            var payload = JsonNode.Parse(update.Body)!["data"]!["notification_payload"]!;
            Assert.Equal(tag, payload["subscription_key"]!.GetValue<string>());
            Assert.Equal(analyzed["imageDigest"]!.GetValue<string>(), payload["imageDigest"]!.GetValue<string>());
            var added = Assert.Single(payload["diff_vulnerability_result"]!["added"]!.AsArray())!;
            Assert.Equal(("CVE-2099-2222", "gantry-monitor", "1.0-2"), (added["CVE_ID"]!.GetValue<string>(), added["Package_Name"]!.GetValue<string>(),
                added["Fix_Available"]!.GetValue<string>()));
            Assert.Contains("1.0-2", added["Remediation"]!["Action"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(payload["diff_vulnerability_result"]!["removed"]!.AsArray());
            Assert.Empty(payload["diff_vulnerability_result"]!["updated"]!.AsArray());
            Assert.Equal(WebhookSenderSignature(update.Body), update.Signature);
            var policyEval = Assert.Single(policyUpdates);
            var evaluations = JsonNode.Parse(policyEval.Body)!["data"]!["notification_payload"]!;
            Assert.Equal(("go", "stop"), (evaluations["last_eval"]!["final_action"]!.GetValue<string>().ToLowerInvariant(),
                evaluations["curr_eval"]!["final_action"]!.GetValue<string>().ToLowerInvariant()));
            Assert.Contains(vulnerabilities["vulnerabilities"]!.AsArray(), v => v!["vuln"]!.GetValue<string>() == "CVE-2099-2222");
            Assert.Equal(analyzed["analyzed_at"]!.GetValue<string>(), image["analyzed_at"]!.GetValue<string>());
            Assert.Equal((1, 1), (analysesBefore, analysesAfter));
            Assert.Single(events!["results"]!.AsArray());

            // A new build with the same advisories: the re-check runs, the diff is empty, nothing is sent.
            TrackerDatabase.Replace(databasePath, MarkerPackage, "CVE-2099-1111", "CVE-2099-2222");
            var (resyncStatus, _) = await client.PostAsync("system/feeds", "null");
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(200, resyncStatus);
            Assert.Single(receiver.Delivered, r => r.Path == "/general/vuln_update");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Should_Send_A_Test_Notification_And_Refuse_Unknown_Or_Unconfigured_Webhooks()
    {
        using var receiver = new WebhookReceiver();
        await using var service = await InProcessService.StartAsync(c => c with { Webhooks = new() { GeneralUrl = receiver.Url + "<userId>" } });
        using var client = service.Client();

        var (status, sent) = await client.PostAsync("system/webhooks/general/test?notification_type=vuln_update", "null");
        var (unconfigured, _) = await client.PostAsync("system/webhooks/policy_eval/test", "null");
        var (unknownWebhook, _) = await client.PostAsync("system/webhooks/nothing/test", "null");
        var (unknownType, error) = await client.PostAsync("system/webhooks/general/test?notification_type=nothing", "null");

        Assert.Equal(200, status);
        Assert.True(sent!["delivered"]!.GetValue<bool>());
        var received = Assert.Single(receiver.Delivered);
        Assert.Equal("/admin", received.Path);
        var payload = JsonNode.Parse(received.Body)!["data"]!["notification_payload"]!;
        Assert.Equal(sent["notification_id"]!.GetValue<string>(), payload["notificationId"]!.GetValue<string>());
        Assert.NotNull(payload["diff_vulnerability_result"]);
        Assert.Equal((404, 400, 400), (unconfigured, unknownWebhook, unknownType));
        Assert.Equal(400, error!["httpcode"]!.GetValue<int>());
    }

    /// <summary>The test's own HMAC-SHA256 of the body, as a receiver would check it.</summary>
    private static string WebhookSenderSignature(string body) =>
        "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private static async Task<int> AnalysisCountAsync(InProcessService service)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(service.BaseUrl + "/metrics");
        var match = AnalyzedCount().Match(metrics);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"(?m)^gantry_analysis_duration_seconds_count\{result=""analyzed""\} (\d+)$")]
    private static partial Regex AnalyzedCount();
}
