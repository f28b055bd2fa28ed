#:sdk Microsoft.NET.Sdk.Web
#:project ../src/Gantry.Server/Gantry.Server.csproj
#:project ../src/Gantry.Engine/Gantry.Engine.csproj
#:project ../src/Gantry.Formats/Gantry.Formats.csproj
// Times the service's re-check after a database change: 200 analyzed images (synthetic Debian SBOMs of 300 packages
// each, stored as the analysis worker stores them), each tag with an active vuln_update subscription and a baseline;
// then the database file is replaced with one holding one more advisory and the feed sync switches to it, matching
// every stored SBOM again, diffing, storing and queueing 200 notifications. Run through bench/recheck.sh.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Formats.Native;
using Gantry.Server.Analysis;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Gantry.Server.Images;
using Gantry.Server.Monitoring;
using Gantry.Server.Storage;

const int Images = 200;
const int PackagesPerImage = 300;
const int Advisories = 50;
var work = args[0];
var databasePath = Path.Combine(work, "vulnerability.db");
var engine = new GantryEngine();
ReplaceDatabase(Advisories);

var config = new ServerConfig
{
    Listen = "127.0.0.1:1",
    DataDirectory = Path.Combine(work, "data"),
    DatabasePath = databasePath,
    AdminPassword = "bench",
    Webhooks = new WebhookSettings { GeneralUrl = "http://127.0.0.1:9/unused" },
};
await using var app = ServerHost.Build(config, engine);
var services = app.Services;
var store = services.GetRequiredService<IStateStore>();
var subscriptions = services.GetRequiredService<Subscriptions>();
var now = engine.Clock.GetUtcNow();
var tags = new List<string>();
for (var i = 0; i < Images; i++)
{
    var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"bench-{i}")));
    var folder = Path.Combine(config.DataDirectory, "analyses", digest.Replace(':', '-'));
    Directory.CreateDirectory(folder);
    using (var output = File.Create(Path.Combine(folder, "sbom.json")))
    {
        NativeSbomWriter.Write(SyntheticSbom(i, digest), output);
    }

    var tag = $"registry.example:5000/bench/app-{i}:1";
    store.UpsertImage(
        new ImageRecord
        {
            Account = "admin", Digest = digest, ImageId = digest[7..], ImageStatus = ImageCatalog.Active, AnalysisStatus = ImageCatalog.Analyzed,
            AnalyzedAt = now, CreatedAt = now, LastUpdated = now,
        },
        new ImageTagRecord("registry.example:5000", $"bench/app-{i}", "1", tag, null, now, now));
    store.AddSubscription(subscriptions.New("admin", Subscriptions.VulnUpdate, tag, null, active: true));
    tags.Add(tag);
}

var database = services.GetRequiredService<VulnerabilityDatabase>();
var rechecker = services.GetRequiredService<Rechecker>();
var watch = Stopwatch.StartNew();
foreach (var tag in tags)
{
    rechecker.TakeBaseline("admin", tag, database.Current!.BuildId, CancellationToken.None);
}

var baseline = watch.Elapsed.TotalSeconds;
ReplaceDatabase(Advisories + 1);
watch.Restart();
await services.GetRequiredService<FeedSync>().SyncAsync(CancellationToken.None);
var recheck = watch.Elapsed.TotalSeconds;
var queued = store.ClaimDueNotifications(now.AddYears(1), now.AddYears(1), 10_000).Count;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images: {Images} x {PackagesPerImage} packages, advisories: {Advisories} -> {Advisories + 1}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baselines (first match of every image): {baseline:0.00} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"re-check after the database change (switch, match, diff, store, queue): {recheck:0.00} s, {queued} vuln_update queued"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0.0} MiB"));

// A Debian 12 image: 300 dpkg packages in its one layer, the first 100 shared by every image (so every image is affected).
Sbom SyntheticSbom(int image, string digest) => new()
{
    Source = new ImageDescription { Input = $"bench-{image}", Kind = "image", ManifestDigest = digest },
    Distro = new Distro { Id = "debian", VersionId = "12" },
    Packages = Enumerable.Range(0, PackagesPerImage).Select(p => new Package
    {
        Name = p < 100 ? $"bench-shared-{p}" : $"bench-{image}-{p}",
        Version = "1.0-1",
        Type = PackageType.Deb,
        FoundBy = "bench",
        LayerDiffId = "sha256:" + new string('1', 64),
        Locations = [new Location("/var/lib/dpkg/status", "sha256:" + new string('1', 64))],
    }).ToList(),
};

// Debian tracker records, one per advisory, each against one shared package; built to a temporary file and renamed over.
void ReplaceDatabase(int advisories)
{
    var records = new JsonObject();
    for (var a = 0; a < advisories; a++)
    {
        records[$"bench-shared-{a}"] = new JsonObject
        {
            [$"CVE-2099-{a + 1000}"] = new JsonObject
            {
                ["description"] = "bench", ["scope"] = "local",
                ["releases"] = new JsonObject
                {
                    ["bookworm"] = new JsonObject
                    {
                        ["status"] = "resolved", ["repositories"] = new JsonObject { ["bookworm"] = "1.0-1" }, ["fixed_version"] = "1.0-2", ["urgency"] = "high",
                    },
                },
            },
        };
    }

    var feed = Path.Combine(work, "tracker.json");
    File.WriteAllText(feed, records.ToJsonString());
    var building = Path.Combine(work, $"building-{advisories}.db");
    engine.Database.Import([feed], null, "debian", building, CancellationToken.None);
    File.Move(building, databasePath, overwrite: true);
}
