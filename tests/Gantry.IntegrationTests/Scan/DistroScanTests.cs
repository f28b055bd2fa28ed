using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.TestKit;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Images;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Update;

namespace Gantry.IntegrationTests.Scan;

/// <summary>
/// Each distro of <see cref="DistroCatalog"/> as a user meets it: <c>gantry db update</c> with the default sources
/// pointed at a loopback server that serves OSV's per-ecosystem <c>all.zip</c> exports (records in the distro's own
/// shape), then <c>gantry scan</c> of an image with the distro's real os-release and package database. The findings
/// must be exactly those an independent reading of the feed decides with the distro's own version comparison:
/// <c>dpkg --compare-versions</c>, rpm's <c>labelCompare</c> (python3-rpm), Gantry's differential-tested apk comparator.
/// </summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class DistroScanTests(DistroScanTests.Database database) : IClassFixture<DistroScanTests.Database>
{
    public static TheoryData<string> Distros => new(DistroCatalog.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Distros))]
    public async Task Should_Report_Exactly_What_The_Distros_Version_Ordering_Decides_When_Scanning_Its_Image(string name)
    {
        var distro = DistroCatalog.All.Single(c => c.Name == name);
        var image = database.WriteImage(distro.Image(), name);
        var expected = await ExpectedFindingsAsync(distro);

        var result = await CliHarness.RunAsync("scan", "docker-archive:" + image, "--db", database.Path, "-o", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!;
        var findings = report["findings"]!.AsArray();
        Assert.Equal(expected, findings.Select(f => $"{f!["package"]!["name"]} {f["vulnerability"]!["id"]}").Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(distro.ExpectedNamespace, (string?)f!["match"]!["namespace"]));
        Assert.Empty(report["warnings"]!.AsArray());
        Assert.NotEmpty(findings);
    }

    [Fact]
    public async Task Should_Take_The_Ubuntu_Priority_As_Severity_And_Name_Its_Source()
    {
        var image = database.WriteImage(DistroCatalog.All.Single(c => c.Name == "ubuntu").Image(), "ubuntu-severity");

        var result = await CliHarness.RunAsync("scan", "docker-archive:" + image, "--db", database.Path, "-o", "json");

        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        Assert.All(findings, f => Assert.Equal(("medium", "ubuntu"), ((string?)f!["vulnerability"]!["severity"], (string?)f["vulnerability"]!["severitySource"])));
    }

    [Theory]
    [InlineData("ubuntu", "22.04", "99.04", "ubuntu:99.04")]
    [InlineData("sles", "15.5", "15.9", "sles:15.9")]
    [InlineData("rocky", "9.3", "10.0", "rocky:10")]
    public async Task Should_Warn_In_Every_Output_When_The_Release_Has_No_Data(string name, string release, string unknown, string @namespace)
    {
        var distro = DistroCatalog.All.Single(c => c.Name == name);
        var image = database.WriteImage((distro with { OsRelease = distro.OsRelease.Replace(release, unknown, StringComparison.Ordinal) }).Image(), name + "-unknown");
        var folder = Directory.CreateTempSubdirectory("gantry-distro-warn-").FullName;
        string Output(string file) => System.IO.Path.Combine(folder, file);

        var result = await CliHarness.RunAsync("scan", "docker-archive:" + image, "--db", database.Path,
            "-o", "json", "-o", "table=" + Output("scan.txt"), "-o", "sarif=" + Output("scan.sarif"), "-o", "cyclonedx-json=" + Output("scan.cdx.json"));

        Assert.Equal(0, result.ExitCode);
        var report = JsonNode.Parse(result.Stdout)!;
        Assert.Empty(report["findings"]!.AsArray());
        var warning = Assert.Single(report["warnings"]!.AsArray().Select(w => (string)w!), w => w.StartsWith("no vulnerability data for", StringComparison.Ordinal));
        Assert.Contains(@namespace, warning, StringComparison.Ordinal);
        Assert.Contains("gantry: warning: " + warning, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Warning: " + warning, await File.ReadAllTextAsync(Output("scan.txt")), StringComparison.Ordinal);
        var sarif = JsonNode.Parse(await File.ReadAllTextAsync(Output("scan.sarif")))!;
        Assert.Equal(warning, (string?)sarif["runs"]![0]!["invocations"]![0]!["toolExecutionNotifications"]![0]!["message"]!["text"]);
        var bom = JsonNode.Parse(await File.ReadAllTextAsync(Output("scan.cdx.json")))!;
        Assert.Contains(bom["metadata"]!["properties"]!.AsArray(), p => (string?)p!["name"] == "gantry:warning" && (string?)p["value"] == warning);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>"package id" for every (installed package, advisory) the feed's ranges make affected, by the real tools.</summary>
    private static async Task<List<string>> ExpectedFindingsAsync(DistroCase distro)
    {
        var pairs = distro.Advisories
            .Where(a => a.Applies)
            .SelectMany(a => distro.Installed
                .Where(p => (a.Package == p.Name || a.Package == p.Source) && (a.Stream is null || p.ModularityLabel?.StartsWith(a.Stream + ":", StringComparison.Ordinal) == true))
                .Select(p => (Package: p, Advisory: a, Version: a.Package == p.Name ? p.Version : p.SourceVersion ?? p.Version)))
            .ToList();
        var expected = new List<string>();
        foreach (var (package, advisory, version) in pairs)
        {
            if (advisory.Fixed is null || await OlderAsync(distro.Database, version, advisory.Fixed))
            {
                expected.Add($"{package.Name} {advisory.Id}");
            }
        }

        Assert.Contains(pairs, p => !expected.Contains($"{p.Package.Name} {p.Advisory.Id}"));
        return [.. expected.Distinct().Order(StringComparer.Ordinal)];
    }

    private static async Task<bool> OlderAsync(PackageDatabase database, string installed, string fixedVersion) => database switch
    {
        PackageDatabase.Dpkg => await DpkgOlderAsync(installed, fixedVersion),
        PackageDatabase.Apk => VersionSchemes.Apk.Compare(installed, fixedVersion) < 0,
        _ => await RpmOlderAsync(installed, fixedVersion),
    };

    private static async Task<bool> DpkgOlderAsync(string a, string b)
    {
        var result = await ProcessRunner.RunAsync("dpkg", ["--compare-versions", a, "lt", b]);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw new InvalidOperationException($"dpkg --compare-versions {a} lt {b}: {result.Stderr}"),
        };
    }

    private static async Task<bool> RpmOlderAsync(string a, string b) => (await RpmLabelCompare.CompareAsync([(a, b)]))[0] == -1;

    /// <summary>
    /// One database for every test, made the way a user makes it: the default sources of the distros' OSV exports,
    /// pointed at a loopback server serving each ecosystem's <c>all.zip</c>, through <c>gantry db update --sources</c>.
    /// </summary>
    public sealed class Database : IAsyncLifetime, IDisposable
    {
        private const string OsvBucket = "https://osv-vulnerabilities.storage.googleapis.com/";
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gantry-distro-scan-");
        private readonly FeedServer _server = new();
        private int _disposed;

        public string Path => System.IO.Path.Combine(_folder.FullName, "vulnerability.db");

        public string WriteImage(BuiltImage image, string name)
        {
            var path = System.IO.Path.Combine(_folder.FullName, name + ".tar");
            SyntheticImage.WriteDockerArchive(image, path);
            return path;
        }

        public async Task InitializeAsync()
        {
            foreach (var ecosystem in DistroCatalog.All.GroupBy(c => c.OsvEcosystem))
            {
                var feed = Directory.CreateDirectory(System.IO.Path.Combine(_folder.FullName, "feeds", ecosystem.Key)).FullName;
                foreach (var (file, json) in ecosystem.SelectMany(c => c.Records()))
                {
                    await File.WriteAllTextAsync(System.IO.Path.Combine(feed, file), json);
                }

                _server.ServeOsvZip(Uri.EscapeDataString(ecosystem.Key) + "/all.zip", feed);
            }

            // The default sources of these ecosystems, as shipped, with the OSV bucket swapped for the loopback server.
            var ecosystems = DistroCatalog.All.Select(c => c.OsvEcosystem).ToHashSet(StringComparer.Ordinal);
            var sources = SourcesFile.Default.Sources
                .Where(s => s.Urls.Count == 1 && s.Urls[0].StartsWith(OsvBucket, StringComparison.Ordinal)
                    && ecosystems.Contains(Uri.UnescapeDataString(s.Urls[0][OsvBucket.Length..].Split('/')[0])))
                .Select(s => new JsonObject { ["name"] = s.Name, ["format"] = s.Format, ["urls"] = new JsonArray(_server.Url(s.Urls[0][OsvBucket.Length..])) })
                .ToArray();
            Assert.Equal(ecosystems.Count, sources.Length);
            var sourcesFile = System.IO.Path.Combine(_folder.FullName, "sources.json");
            await File.WriteAllTextAsync(sourcesFile, new JsonObject { ["sources"] = new JsonArray(sources) }.ToJsonString());

            var update = await CliHarness.RunAsync("db", "update", "--sources", sourcesFile, "--db", Path);

            Assert.True(update.ExitCode == 0, update.Stdout + update.Stderr);
            using var store = SqliteVulnerabilityStore.Open(Path);
            var namespaces = store.Namespaces();
            Assert.All(DistroCatalog.All, c => Assert.Contains(c.ExpectedNamespace, namespaces));
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        /// <summary>xunit calls both <see cref="DisposeAsync"/> and this; the second call finds nothing left to do.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _server.Dispose();
                _folder.Delete(recursive: true);
            }
        }
    }
}
