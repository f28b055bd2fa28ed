using System.Text.RegularExpressions;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Server.Tests;

/// <summary>
/// The queue is durable: a service killed with -9 mid-queue analyzes every image exactly once after a restart, the job
/// it was running taken over once its lease ran out; on either backend.
/// </summary>
[Collection(RegistryCollection.Name)]
[Slow(SlowBecause.Registry)]
public sealed partial class RestartSafetyTests : IDisposable
{
    private const int ImageCount = 5;
    private readonly RegistryFixture _registries;
    private readonly string _data = RegistryImages.TempFolder();

    public RestartSafetyTests(RegistryFixture registries) => _registries = registries;

    [Theory]
    [InlineData(StateBackend.Sqlite)]
    [InlineData(StateBackend.Postgres)]
    public async Task Should_Analyze_Every_Queued_Image_Exactly_Once_After_A_Kill_9(StateBackend backend)
    {
        var registry = await _registries.PlainAsync();
        var tags = new List<string>();
        for (var i = 0; i < ImageCount; i++)
        {
            await RegistryImages.PushAsync(RegistryImages.Small(marker: $"restart{i}", extraBytes: 256 * 1024), registry, $"restart/img{i}-{backend}:1".ToLowerInvariant());
            tags.Add($"{registry.Host}/restart/img{i}-{backend}:1".ToLowerInvariant());
        }

        // A short lease: the restarted service takes over the job the killed one held within seconds.
        var environment = new Dictionary<string, string>
        {
            ["GANTRY_INSECURE_REGISTRIES"] = registry.Host, ["GANTRY_ANALYSIS_WORKERS"] = "1", ["GANTRY_JOB_LEASE_SECONDS"] = "6",
        };
        await StateBackends.AddToAsync(environment, backend);

        var digests = new List<string>();
        string firstLog;
        using (var first = await ServiceProcess.StartAsync(_data, environment))
        {
            using var client = new AnchoreClient(first.BaseUrl);
            foreach (var tag in tags)
            {
                var (status, body) = await client.PostAsync("images", $"{{\"tag\": \"{tag}\"}}");
                Assert.Equal(200, status);
                digests.Add(body![0]!["imageDigest"]!.GetValue<string>());
            }

            first.Kill();
            firstLog = first.Log;
        }

        using var second = await ServiceProcess.StartAsync(_data, environment);
        using var again = new AnchoreClient(second.BaseUrl);
        foreach (var digest in digests)
        {
            Assert.Equal("analyzed", (await again.WaitForAnalysisAsync(digest, TimeSpan.FromMinutes(5)))["analysis_status"]!.GetValue<string>());
        }

        var (_, events) = await again.GetAsync("events?event_type=user.image.analysis.completed&limit=100");
        Assert.Equal(tags.Order(StringComparer.Ordinal), events!["results"]!.AsArray().Select(e => e!["event"]!["resource"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var analyzedLines = AnalyzedLine().Matches(firstLog + second.Log).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(digests.Order(StringComparer.Ordinal), analyzedLines.Order(StringComparer.Ordinal));
        Assert.Equal(0, await second.TerminateAsync());
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [GeneratedRegex(@"job analyze (sha256:[0-9a-f]{64}): analyzed in")]
    private static partial Regex AnalyzedLine();
}
