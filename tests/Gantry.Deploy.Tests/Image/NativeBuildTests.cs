using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Traits;

namespace Gantry.Deploy.Tests.Image;

/// <summary>
/// The Native AOT gantry that <c>scripts/publish-gantry.sh</c> ships (the one in Gantry's own image, built by the same
/// script as <c>./build.sh</c>'s) against the managed build the rest of the suite runs in-process: the same outputs on
/// the paths where ahead-of-time compiled code could differ (reflection-free YAML, TOML and JSON readers, which parser
/// threw, the service's generated request delegates and JSON contracts).
/// </summary>
[Slow(SlowBecause.RealImage)]
[UnsupportedOSPlatform("windows")]
public sealed class NativeBuildTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gantry-native-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Should_Write_The_Same_Sbom_As_The_Managed_Build_When_Reading_The_Application_Image()
    {
        var app = await RealAppImage.GetAsync();

        var native = await RunNativeAsync("sbom", "oci-archive:" + app.OciArchive, "-o", "json", "--no-cache");
        var managed = await CliHarness.RunAsync("sbom", "oci-archive:" + app.OciArchive, "-o", "json", "--no-cache");

        Assert.Equal((0, 0), (native.ExitCode, managed.ExitCode));
        Assert.Equal(managed.Stdout, native.Stdout);
    }

    [Fact]
    public async Task Should_Report_Malformed_Lock_Files_As_The_Managed_Build_Does()
    {
        // Given a folder with a good and a truncated Cargo.lock (TOML), and YAML and JSON files of the wrong shape
        var root = _folder.CreateSubdirectory("tree").FullName;
        Write(root, "good/Cargo.lock", "version = 3\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.100\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
        Write(root, "bad/Cargo.lock", "version = 3\n[[package]\nname = \n");
        Write(root, "web/pnpm-lock.yaml", "lockfileVersion: '6.0'\npackages: [1, 2\n");
        Write(root, "lib/node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"version\": {\"major\": 1}}");

        // When both builds read it
        var native = await RunNativeAsync("sbom", "dir:" + root, "-o", "json");
        var managed = await CliHarness.RunAsync("sbom", "dir:" + root, "-o", "json");

        // Then the same packages and the same "malformed-file" diagnostics, naming the files
        Assert.Equal((0, 0), (native.ExitCode, managed.ExitCode));
        var (nativeSbom, managedSbom) = (JsonNode.Parse(native.Stdout)!, JsonNode.Parse(managed.Stdout)!);
        Assert.Equal(managedSbom["diagnostics"]!.ToJsonString(), nativeSbom["diagnostics"]!.ToJsonString());
        Assert.Equal(managedSbom["packages"]!.ToJsonString(), nativeSbom["packages"]!.ToJsonString());
        var malformed = nativeSbom["diagnostics"]!.AsArray().Where(d => (string?)d!["code"] == "malformed-file").Select(d => (string?)d!["path"]).ToList();
        Assert.Contains("/bad/Cargo.lock", malformed);
        Assert.Contains("/web/pnpm-lock.yaml", malformed);
        Assert.Contains(nativeSbom["packages"]!.AsArray(), p => (string?)p!["name"] == "serde");
    }

    [Fact]
    public async Task Should_Scan_With_An_Ignore_File_And_Refuse_A_Bad_One_As_The_Managed_Build_Does()
    {
        var app = await RealAppImage.GetAsync();
        var ignore = Write(_folder.FullName, "ignore.yaml",
            "ignore:\n  - package:\n      name: std*\n      type: go-module\n    reason: accepted\n  - vulnerability: CVE-2019-5747\n    reason: old\n    expires: 2020-01-01\n");
        var bad = Write(_folder.FullName, "bad.yaml", "ignore:\n  - reason: x\n    vulnerabilty: CVE-1\n");
        string[] scan = ["scan", "oci-archive:" + app.OciArchive, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "-o", "json"];

        var native = await RunNativeAsync([.. scan, "--ignore", ignore]);
        var managed = await CliHarness.RunAsync([.. scan, "--ignore", ignore]);
        var nativeBad = await RunNativeAsync([.. scan, "--ignore", bad]);
        var managedBad = await CliHarness.RunAsync([.. scan, "--ignore", bad]);

        Assert.Equal((0, 0), (native.ExitCode, managed.ExitCode));
        Assert.Equal(JsonNode.Parse(managed.Stdout)!["findings"]!.ToJsonString(), JsonNode.Parse(native.Stdout)!["findings"]!.ToJsonString());
        Assert.Contains(JsonNode.Parse(native.Stdout)!["findings"]!.AsArray(), f => (string?)f!["ignored"]?["by"] == "ignore-rule");
        Assert.Equal((2, 2), (nativeBad.ExitCode, managedBad.ExitCode));
        Assert.Equal(managedBad.Stderr.Trim(), nativeBad.Stderr.Trim());
        Assert.Contains("unknown key 'vulnerabilty'", nativeBad.Stderr);
    }

    [Fact]
    public async Task Should_Evaluate_A_Bundle_With_A_Dockerfile_As_The_Managed_Build_Does()
    {
        var app = await RealAppImage.GetAsync();
        var bundle = Path.Combine(SharedPaths.Corpus, "anchore-policies", "anchore_default_bundle.json");
        var dockerfile = Write(_folder.FullName, "Dockerfile", "FROM debian:12\nUSER root\nEXPOSE 22\nCMD [\"python3\", \"-m\", \"http.server\"]\n");
        string[] evaluate = ["evaluate", "oci-archive:" + app.OciArchive, "--policy", bundle, "--dockerfile", dockerfile,
            "--db", CorpusVulnerabilityDatabase.Path, "-o", "json"];

        var native = await RunNativeAsync(evaluate);
        var managed = await CliHarness.RunAsync(evaluate);

        Assert.True(native.ExitCode is 0 or 1, $"gantry evaluate (native) exited {native.ExitCode}: {native.Stderr}");
        Assert.Equal(managed.ExitCode, native.ExitCode);
        var (nativeResult, managedResult) = (JsonNode.Parse(native.Stdout)!, JsonNode.Parse(managed.Stdout)!);
        Assert.Equal((string?)managedResult["final_action"], (string?)nativeResult["final_action"]);
        var imageId = (string)nativeResult["image_id"]!;
        Assert.Equal(Rows(managedResult, imageId), Rows(nativeResult, imageId));
    }

    [Fact]
    public async Task Should_Answer_The_Anchore_Api_When_Served_By_The_Native_Executable()
    {
        // Given the native gantry serving on a free loopback port
        var port = LoopbackPorts.Free();
        var root = _folder.CreateSubdirectory("service").FullName;
        using var service = await ServerProcess.StartAsync(await NativeGantryAsync(),
            ["serve", "--listen", $"127.0.0.1:{port}", "--data", Path.Combine(root, "data"), "--db", CorpusVulnerabilityDatabase.Path],
            root, "serve.log", new Uri($"http://127.0.0.1:{port}/health"), status => status == HttpStatusCode.OK,
            new Dictionary<string, string> { ["GANTRY_ADMIN_PASSWORD"] = "foobar" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:foobar"u8.ToArray()));

        // When the routes anchore-cli and the UI use are called, and a request body is read
        string[] routes =
        [
            "v1", "v1/version", "v1/status", "v1/system", "v1/system/services", "v1/system/feeds", "v1/system/error_codes",
            "v1/event_types", "v1/events", "v1/images", "v1/policies", "v1/accounts", "v1/accounts/admin", "v1/accounts/admin/users",
            "v1/user", "v1/user/credentials", "v1/registries", "v1/subscriptions", "v1/summaries/imagetags",
        ];
        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var response = await http.GetAsync(route);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !JsonText.IsValid(body))
            {
                failures.Add($"{route}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }
        }

        using var refused = await http.PostAsync("v1/images", new StringContent("{\"tag\": 42}", Encoding.UTF8, "application/json"));
        using var ui = await new HttpClient().GetAsync($"http://127.0.0.1:{port}/ui/login");

        // Then every one answers with JSON, a bad body is a 400 with Anchore's error document, and the UI renders
        Assert.Empty(failures);
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Equal(400, (int?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["httpcode"]);
        Assert.Contains("<form", await ui.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", await File.ReadAllTextAsync(service.LogPath), StringComparison.Ordinal);
    }

    private static async Task<string> NativeGantryAsync()
    {
        var image = await GantryContainerImage.GetAsync();
        var gantry = Path.Combine(image.Directory, "publish", "gantry");
        Assert.False(File.Exists(Path.Combine(image.Directory, "publish", "gantry.dll")), "the shipped gantry is not the Native AOT build");
        return gantry;
    }

    private static async Task<ProcessRunner.Result> RunNativeAsync(params string[] arguments) =>
        await ProcessRunner.RunAsync(await NativeGantryAsync(), arguments);

    private static string Rows(JsonNode evaluation, string imageId) => evaluation["result"]![imageId]!["result"]!["rows"]!.ToJsonString();

    private static string Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
