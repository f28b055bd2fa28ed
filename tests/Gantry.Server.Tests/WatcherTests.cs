using System.Text.Json.Nodes;
using Gantry.Server.Monitoring;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Server.Tests;

/// <summary>
/// The tag and repository watchers against a real registry: an image pushed to a watched tag, or a new tag pushed to
/// a watched repository, is added and analyzed. The cycles are run directly (their timers are disabled), not waited for.
/// </summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed class WatcherTests(RegistryFixture registries)
{
    private static readonly TimeSpan AnalysisTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Should_Analyze_The_New_Digest_Of_A_Watched_Tag_And_Send_Tag_Update_With_Old_And_New_Digests()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "tagwatch-old"), registry, "tagwatch/app:1");
        using var receiver = new WebhookReceiver();
        await using var service = await StartAsync(registry, receiver);
        using var client = service.Client();
        var tag = $"{registry.Host}/tagwatch/app:1";
        var (_, added) = await client.PostAsync("images?autosubscribe=true", $"{{\"tag\": \"{tag}\"}}");
        var oldDigest = added![0]!["imageDigest"]!.GetValue<string>();
        await client.WaitForAnalysisAsync(oldDigest, AnalysisTimeout);
        var watcher = service.Services.GetRequiredService<TagWatcher>();
        await watcher.RunOnceAsync(CancellationToken.None); // the tag has not moved: nothing happens

        await RegistryImages.PushAsync(RegistryImages.Small(marker: "tagwatch-new"), registry, "tagwatch/app:1");
        await watcher.RunOnceAsync(CancellationToken.None);
        var update = Assert.Single(await receiver.WaitForAsync(r => r.Path == "/tag_update", TimeSpan.FromSeconds(30)));
        var payload = JsonNode.Parse(update.Body)!["data"]!["notification_payload"]!;
        var newDigest = payload["curr_eval"]![0]!.GetValue<string>();
        var analyzed = await client.WaitForAnalysisAsync(newDigest, AnalysisTimeout);
        await watcher.RunOnceAsync(CancellationToken.None); // the new digest is now the tag's: no second tag_update
        var analysisUpdates = await receiver.WaitForAsync(
            r => r.Path == "/analysis_update" && r.Body.Contains(newDigest, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var (_, events) = await client.GetAsync("events?event_type=user.checks.tag.digest.update");

        Assert.NotEqual(oldDigest, newDigest);
        Assert.Equal(tag, payload["subscription_key"]!.GetValue<string>());
        Assert.Equal([oldDigest], payload["last_eval"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("analyzed", analyzed["analysis_status"]!.GetValue<string>());
        Assert.Single(receiver.Delivered, r => r.Path == "/tag_update");
        var analysisPayload = JsonNode.Parse(Assert.Single(analysisUpdates).Body)!["data"]!["notification_payload"]!;
        Assert.Equal(("analyzing", "analyzed"), (analysisPayload["last_eval"]!["analysis_status"]!.GetValue<string>(),
            analysisPayload["curr_eval"]!["analysis_status"]!.GetValue<string>()));
        Assert.Equal(tag, Assert.Single(events!["results"]!.AsArray())!["event"]!["resource"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Add_And_Analyze_A_New_Tag_Pushed_To_A_Watched_Repository()
    {
        var registry = await registries.PlainAsync();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "repowatch-1"), registry, "repowatch/app:1");
        using var receiver = new WebhookReceiver();
        await using var service = await StartAsync(registry, receiver);
        using var client = service.Client();
        var repository = $"{registry.Host}/repowatch/app";
        var (status, _) = await client.PostAsync($"repositories?repository={repository}", "null");
        var watcher = service.Services.GetRequiredService<RepoWatcher>();
        await watcher.RunOnceAsync(CancellationToken.None);
        var first = await ImageOfTagAsync(client, $"{repository}:1");

        await RegistryImages.PushAsync(RegistryImages.Small(marker: "repowatch-2"), registry, "repowatch/app:2");
        await watcher.RunOnceAsync(CancellationToken.None);
        var second = await ImageOfTagAsync(client, $"{repository}:2");
        var (_, subscriptions) = await client.GetAsync("subscriptions?subscription_type=repo_update");

        Assert.Equal(200, status);
        Assert.Equal("analyzed", (await client.WaitForAnalysisAsync(first, AnalysisTimeout))["analysis_status"]!.GetValue<string>());
        Assert.Equal("analyzed", (await client.WaitForAnalysisAsync(second, AnalysisTimeout))["analysis_status"]!.GetValue<string>());
        var value = JsonNode.Parse(Assert.Single(subscriptions!.AsArray())!["subscription_value"]!.GetValue<string>())!;
        Assert.Equal(["1", "2"], value["repotags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, value["tagcount"]!.GetValue<int>());
    }

    /// <summary>The service with both watcher timers off (0 disables them): the tests run the cycles.</summary>
    private static Task<InProcessService> StartAsync(LocalRegistry registry, WebhookReceiver receiver) =>
        InProcessService.StartAsync(c => c with
        {
            InsecureRegistries = [registry.Host],
            TagWatchInterval = TimeSpan.Zero,
            RepoWatchInterval = TimeSpan.Zero,
            Webhooks = new() { GeneralUrl = receiver.Url + "<notification_type>" },
        });

    private static async Task<string> ImageOfTagAsync(AnchoreClient client, string tag)
    {
        var (status, images) = await client.GetAsync($"images?fulltag={Uri.EscapeDataString(tag)}");
        Assert.Equal(200, status);
        return Assert.Single(images!.AsArray())!["imageDigest"]!.GetValue<string>();
    }
}
