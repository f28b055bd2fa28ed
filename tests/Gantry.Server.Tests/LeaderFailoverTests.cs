using System.Diagnostics;
using System.Text.Json.Nodes;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;
using Xunit.Abstractions;

namespace Gantry.Server.Tests;

/// <summary>
/// A scaled-out service as separate processes over one state store: an api+worker process and two watcher processes
/// (on PostgreSQL each with a data folder of its own: nothing is shared but the database). One watcher leads; killed
/// with -9, the other takes over within two lease periods, and every notification reaches the receiver exactly once.
/// </summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed class LeaderFailoverTests(RegistryFixture registries, ITestOutputHelper output) : IDisposable
{
    private const int LeaseSeconds = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly List<string> _folders = [];

    [Theory]
    [InlineData(StateBackend.Sqlite)]
    [InlineData(StateBackend.Postgres)]
    public async Task Should_Hand_The_Watchers_To_The_Other_Process_When_The_Leader_Is_Killed_And_Send_Each_Notification_Once(StateBackend backend)
    {
        var registry = await registries.PlainAsync();
        var marker = backend.ToString().ToLowerInvariant();
        await RegistryImages.PushAsync(RegistryImages.Small(marker: $"failover-before-{marker}"), registry, $"failover-{marker}/app:before");
        await RegistryImages.PushAsync(RegistryImages.Small(marker: $"failover-after-{marker}"), registry, $"failover-{marker}/app:after");
        using var receiver = new WebhookReceiver();
        var environment = new Dictionary<string, string>
        {
            ["GANTRY_LEADER_LEASE_SECONDS"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GANTRY_INSECURE_REGISTRIES"] = registry.Host,
            ["GANTRY_WEBHOOK_URL"] = receiver.Url + "<notification_type>",
            ["GANTRY_ANALYSIS_WORKERS"] = "1",
        };
        await StateBackends.AddToAsync(environment, backend);
        var shared = backend == StateBackend.Sqlite ? Folder() : null;
        using var api = await StartAsync("api,worker", environment, shared);
        using var first = await StartAsync("watcher", environment, shared);
        using var second = await StartAsync("watcher", environment, shared);
        using var client = new AnchoreClient(api.BaseUrl);
        using var http = new HttpClient();

        var leader = await LeaderOfAsync(http, first, second);
        var follower = leader == first ? second : first;
        var before = await AddAndAwaitNotificationAsync(client, receiver, $"{registry.Host}/failover-{marker}/app:before");
        leader.Kill();
        var sinceKill = Stopwatch.StartNew();
        await Poll.UntilAsync(() => IsLeaderAsync(http, follower), Timeout, "the surviving watcher to take the lead");
        var takeover = sinceKill.Elapsed;
        output.WriteLine($"{backend}: the follower led {takeover.TotalSeconds:F1} s after the leader was killed (lease {LeaseSeconds} s)");
        var after = await AddAndAwaitNotificationAsync(client, receiver, $"{registry.Host}/failover-{marker}/app:after");
        using var watcherClient = new AnchoreClient(follower.BaseUrl);
        var (watcherApiStatus, _) = await watcherClient.GetAsync("images");

        Assert.False(await IsLeaderAsync(http, api));
        Assert.True(takeover <= TimeSpan.FromSeconds(2 * LeaseSeconds), $"took over after {takeover.TotalSeconds:F1} s");
        var updates = receiver.Delivered.Where(r => r.Path == "/analysis_update").ToList();
        Assert.Equal(updates.Count, updates.Select(r => JsonNode.Parse(r.Body)!["data"]!["notification_payload"]!["notificationId"]!.GetValue<string>()).Distinct().Count());
        Assert.Single(updates, r => r.Body.Contains(before, StringComparison.Ordinal));
        Assert.Single(updates, r => r.Body.Contains(after, StringComparison.Ordinal));
        Assert.Equal(404, watcherApiStatus);
    }

    public void Dispose() => _folders.ForEach(f => Directory.Delete(f, recursive: true));

    /// <summary>A process of <paramref name="role"/>, in the <paramref name="shared"/> data folder (SQLite) or a folder of its own.</summary>
    private Task<ServiceProcess> StartAsync(string role, Dictionary<string, string> environment, string? shared) =>
        ServiceProcess.StartAsync(shared ?? Folder(), new Dictionary<string, string>(environment) { ["GANTRY_ROLE"] = role });

    private string Folder()
    {
        var folder = RegistryImages.TempFolder();
        _folders.Add(folder);
        return folder;
    }

    /// <summary>Adds the tag with its subscriptions active and returns its digest once its analysis_update arrived.</summary>
    private static async Task<string> AddAndAwaitNotificationAsync(AnchoreClient client, WebhookReceiver receiver, string tag)
    {
        var (_, added) = await client.PostAsync("images?autosubscribe=true", $"{{\"tag\": \"{tag}\"}}");
        var digest = added![0]!["imageDigest"]!.GetValue<string>();
        await client.WaitForAnalysisAsync(digest, Timeout);
        Assert.NotEmpty(await receiver.WaitForAsync(r => r.Path == "/analysis_update" && r.Body.Contains(digest, StringComparison.Ordinal), Timeout));
        return digest;
    }

    private static async Task<ServiceProcess> LeaderOfAsync(HttpClient http, ServiceProcess first, ServiceProcess second)
    {
        ServiceProcess? leader = null;
        await Poll.UntilAsync(async () =>
        {
            var (a, b) = (await IsLeaderAsync(http, first), await IsLeaderAsync(http, second));
            Assert.False(a && b, "two processes lead the watchers at once");
            leader = a ? first : b ? second : null;
            return leader is not null;
        }, Timeout, "one watcher to lead");
        return leader!;
    }

    private static async Task<bool> IsLeaderAsync(HttpClient http, ServiceProcess process) =>
        (await http.GetStringAsync(process.BaseUrl + "/metrics")).Split('\n').Contains("gantry_watcher_leader 1");
}
