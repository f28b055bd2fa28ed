using System.Text.Json.Nodes;
using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.IntegrationTests.Registry;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Scan;

/// <summary>
/// The base/application split from the OCI base image annotations, against the real distribution registry: an Alpine
/// 3.10 base image (musl's CVE-2019-14697 is in it) and an application image on top of it (py's PYSEC-2022-42969 is in
/// the application layer) whose manifest names the base image.
/// </summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class BaseImageSplitTests(RegistryFixture registries) : IDisposable
{
    private const string BaseName = "org.opencontainers.image.base.name";
    private const string BaseDigest = "org.opencontainers.image.base.digest";

    private readonly string _folder = RegistryImages.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Should_Count_The_Base_Images_Layers_As_Base_When_The_Annotations_Name_It_In_A_Registry()
    {
        var registry = await registries.PlainAsync();
        var baseImage = AlpineBase();
        var baseReference = $"{registry.Host}/split/base:3.10";
        await PushAsync(baseImage, baseReference, registry);
        await PushAsync(AppOn(baseImage, new() { [BaseName] = baseReference, [BaseDigest] = baseImage.ManifestDigest }), $"{registry.Host}/split/app:1", registry);
        var table = Path.Combine(_folder, "scan.txt");

        var result = await ScanAsync($"registry:{registry.Host}/split/app:1", registry.Host, "-o", "table=" + table);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("warning", result.Stderr);
        var source = result.Json["source"]!;
        Assert.Equal($"{baseReference}@{baseImage.ManifestDigest}", (string?)source["baseImage"]);
        Assert.Equal([baseImage.Layers[0].DiffId], source["baseLayers"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("annotation", (string?)source["baseLayersFrom"]);
        Assert.True(InBase(result.Json, "CVE-2019-14697"));
        Assert.False(InBase(result.Json, "PYSEC-2022-42969"));
        Assert.Contains($"base image {baseReference}@{baseImage.ManifestDigest} (1 layers, from the base image annotation): ", await File.ReadAllTextAsync(table));
    }

    [Fact]
    public async Task Should_Warn_And_Not_Split_When_The_Annotated_Digest_Is_Not_In_The_Registry()
    {
        var registry = await registries.PlainAsync();
        var baseImage = AlpineBase();
        var baseReference = $"{registry.Host}/split/pinned:3.10";
        await PushAsync(baseImage, baseReference, registry);
        var wrongDigest = SyntheticImage.Sha256("not the base image"u8.ToArray());

        var result = await ScanAsync(Layout(AppOn(baseImage, new() { [BaseName] = baseReference, [BaseDigest] = wrongDigest })), registry.Host);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"gantry: warning: base image {baseReference}@{wrongDigest}: its layers could not be read (", result.Stderr);
        Assert.Contains("manifest not found", result.Stderr);
        AssertNotSplit(result.Json);
    }

    [Fact]
    public async Task Should_Warn_And_Not_Split_When_The_Base_Images_Registry_Is_Unreachable()
    {
        var baseImage = AlpineBase();
        var unreachable = $"127.0.0.1:{LoopbackPorts.Free()}";

        var result = await ScanAsync(Layout(AppOn(baseImage, new() { [BaseName] = $"{unreachable}/split/base:3.10" })), unreachable);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"gantry: warning: base image {unreachable}/split/base:3.10: its layers could not be read ({unreachable}: ", result.Stderr);
        AssertNotSplit(result.Json);
    }

    [Fact]
    public async Task Should_Warn_And_Not_Split_When_The_Named_Base_Is_Not_At_The_Bottom_Of_The_Image()
    {
        var registry = await registries.PlainAsync();
        var otherBase = new SyntheticImage { RepoTag = "other" }.Layer(l => l.File("etc/other-release", "1\n"), "ADD other.tar /").Build();
        var otherReference = $"{registry.Host}/split/other:1";
        await PushAsync(otherBase, otherReference, registry);

        var result = await ScanAsync(Layout(AppOn(AlpineBase(), new() { [BaseName] = otherReference })), registry.Host);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"gantry: warning: base image {otherReference}: its 1 layer(s) are not the image's first layers (layer 1 differs)", result.Stderr);
        AssertNotSplit(result.Json);
    }

    [Fact]
    public async Task Should_Give_Evaluate_The_Same_Base_Layers_When_A_Rule_Is_Scoped_To_The_Base_Image()
    {
        var registry = await registries.PlainAsync();
        var baseImage = AlpineBase();
        var baseReference = $"{registry.Host}/split/evaluated:3.10";
        await PushAsync(baseImage, baseReference, registry);
        var bundle = Path.Combine(_folder, "bundle.json");
        await File.WriteAllTextAsync(bundle, BaseScopedBundle);

        // The history has no CMD, so without the lookup the base layers would be unknown and the rule would see every package.
        var result = await CliHarness.RunAsync("evaluate", Layout(AppOn(baseImage, new() { [BaseName] = baseReference })), "--policy", bundle,
            "--db", CorpusVulnerabilityDatabase.Path, "--insecure-registry", registry.Host, "-o", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("CVE-2019-14697", result.Stdout);
        Assert.DoesNotContain("PYSEC-2022-42969", result.Stdout);
    }

    private const string BaseScopedBundle = """
        {
          "id": "base-scoped", "version": "1_0", "name": "base image vulnerabilities",
          "policies": [{
            "id": "p1", "version": "1_0", "name": "warn on the base image's vulnerabilities",
            "rules": [{ "id": "r1", "gate": "vulnerabilities", "trigger": "package", "action": "WARN",
              "params": [{ "name": "package_type", "value": "all" }, { "name": "severity_comparison", "value": ">=" },
                         { "name": "severity", "value": "unknown" }, { "name": "layer_scope", "value": "base" }] }]
          }],
          "mappings": [{ "id": "m1", "name": "all", "registry": "*", "repository": "*", "image": { "type": "tag", "value": "*" },
            "policy_ids": ["p1"], "whitelist_ids": [] }],
          "whitelists": []
        }
        """;

    private static BuiltImage AlpineBase() => new SyntheticImage { RepoTag = "base" }
        .Layer(l => l.File("etc/alpine-release", "3.10.4\n").File("lib/apk/db/installed", "P:musl\nV:1.1.22-r2\nA:x86_64\no:musl\nL:MIT\n\n"), "ADD alpine-minirootfs-3.10.4.tar.gz /")
        .Build();

    /// <summary>The base's layers plus a Python layer; the manifest carries <paramref name="annotations"/>.</summary>
    private static BuiltImage AppOn(BuiltImage baseImage, Dictionary<string, string> annotations)
    {
        var app = new SyntheticImage { RepoTag = "app" };
        app.Layer(l => l.File("usr/lib/python3.7/site-packages/py-1.11.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: py\nVersion: 1.11.0\n"), "RUN pip install py==1.11.0");
        var layers = baseImage.Layers.Concat(app.Build().Layers).ToList();
        var config = app.BuildConfig(layers);
        var manifest = SyntheticImage.ParseJson(SyntheticImage.BuildManifest(config, layers));
        manifest["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        return new BuiltImage(layers, config, SyntheticImage.ToJsonBytes(manifest), "app");
    }

    private string Layout(BuiltImage image)
    {
        var directory = Path.Combine(_folder, "layout-" + Guid.NewGuid().ToString("N")[..8]);
        SyntheticImage.WriteOciLayout(image, directory);
        return "oci-dir:" + directory;
    }

    /// <summary>Pushes with <c>gantry copy</c>, which keeps the manifest bytes and so the digest the annotations name.</summary>
    private async Task PushAsync(BuiltImage image, string reference, LocalRegistry registry)
    {
        var copy = await CliHarness.RunAsync("copy", Layout(image), "registry:" + reference, "--insecure-registry", registry.Host);
        Assert.True(copy.ExitCode == 0, copy.Stderr);
    }

    private static async Task<(int ExitCode, JsonNode Json, string Stderr)> ScanAsync(string source, string insecureRegistry, params string[] more)
    {
        var result = await CliHarness.RunAsync(["scan", source, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "--insecure-registry", insecureRegistry, "-o", "json", .. more]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (result.ExitCode, JsonNode.Parse(result.Stdout)!, result.Stderr);
    }

    private static bool InBase(JsonNode report, string vulnerability) =>
        (bool)report["findings"]!.AsArray().Single(f => (string?)f!["vulnerability"]!["id"] == vulnerability)!["layer"]!["base"]!;

    private static void AssertNotSplit(JsonNode report)
    {
        Assert.Empty(report["source"]!["baseLayers"]!.AsArray());
        Assert.Null(report["source"]!["baseLayersFrom"]);
        Assert.False(InBase(report, "CVE-2019-14697"));
        Assert.Contains("every layer counts as the application's", report["warnings"]!.AsArray().Select(w => (string)w!).Single());
    }
}
