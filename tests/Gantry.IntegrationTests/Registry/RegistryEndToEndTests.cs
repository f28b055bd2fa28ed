using System.Text.Json;
using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Sources;
using Gantry.Images.Registry;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Registry;

/// <summary>The registry client end to end: real distribution registry, skopeo as the peer, the gantry CLI in-process.</summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class RegistryEndToEndTests(RegistryFixture registries) : IDisposable
{
    private readonly string _folder = RegistryImages.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Should_Report_The_Same_Packages_As_The_Docker_Archive_When_Skopeo_Pushed_It()
    {
        var registry = await registries.PlainAsync();
        var archive = Path.Combine(_folder, "small.tar");
        SyntheticImage.WriteDockerArchive(RegistryImages.Small(marker: "sbom"), archive);
        await RegistryImages.SkopeoCopyAsync($"docker-archive:{archive}", registry, "e2e/sbom:1");

        var fromArchive = await new SbomGenerator().GenerateAsync($"docker-archive:{archive}", SbomOptions.Default, null, CancellationToken.None);
        var fromRegistry = await new SbomGenerator().GenerateAsync($"registry:{registry.Host}/e2e/sbom:1", Options(registry), null, CancellationToken.None);

        Assert.Contains(fromArchive.Packages, p => p.Name == "gantry-sbom");
        Assert.Equal(PackageKeys(fromArchive), PackageKeys(fromRegistry));
        Assert.Equal("registry", fromRegistry.Source.Kind);
    }

    [Fact]
    public async Task Should_Report_The_Same_Packages_For_The_Real_Debian_Image_When_Skopeo_Pushed_It()
    {
        var registry = await registries.PlainAsync();
        var debian = await RealDebianImage.GetAsync();
        // The oci-archive holds the same image with gzip layers: skopeo pushes them as they are instead of compressing 120 MB.
        await RegistryImages.SkopeoCopyAsync($"oci-archive:{debian.OciArchive}", registry, "e2e/debian:12");

        var fromArchive = await new SbomGenerator().GenerateAsync($"docker-archive:{debian.DockerArchive}", SbomOptions.Default, null, CancellationToken.None);
        var fromRegistry = await new SbomGenerator().GenerateAsync($"registry:{registry.Host}/e2e/debian:12", Options(registry), null, CancellationToken.None);

        Assert.True(fromArchive.Packages.Count > 50, $"only {fromArchive.Packages.Count} packages in the Debian image");
        Assert.Equal(PackageKeys(fromArchive), PackageKeys(fromRegistry));
    }

    [Fact]
    public async Task Should_Print_The_Digest_Skopeo_Sees_And_Copy_Back_Byte_For_Byte_When_Copying_A_Docker_Archive()
    {
        var registry = await registries.PlainAsync();
        var archive = Path.Combine(_folder, "app.tar");
        SyntheticImage.WriteDockerArchive(RegistryImages.Small(marker: "copy"), archive);
        var layout = Path.Combine(_folder, "back");

        var push = await CliHarness.RunAsync("copy", $"docker-archive:{archive}", $"registry:{registry.Host}/app:1", "--insecure-registry", registry.Host);
        var inspect = JsonDocument.Parse(await ProcessRunner.CheckedAsync("skopeo", "inspect", "--tls-verify=false", $"docker://{registry.Host}/app:1"));
        var raw = await ProcessRunner.CheckedAsync("skopeo", "inspect", "--raw", "--tls-verify=false", $"docker://{registry.Host}/app:1");
        var back = await CliHarness.RunAsync("copy", $"registry:{registry.Host}/app:1", $"oci-dir:{layout}:1", "--insecure-registry", registry.Host);

        Assert.Equal(0, push.ExitCode);
        var digest = push.Stdout.Trim();
        Assert.Equal(digest, inspect.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(0, back.ExitCode);
        Assert.Equal(digest, back.Stdout.Trim());
        Assert.Equal(raw, File.ReadAllText(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..])));
    }

    [Fact]
    public async Task Should_Exit_3_With_One_Clear_Line_When_The_Password_Is_Wrong()
    {
        var registry = await registries.BasicAsync();
        var stdin = Console.In;
        Console.SetIn(new StringReader("definitely-wrong-password\n"));
        try
        {
            var result = await CliHarness.RunAsync("sbom", $"registry:{registry.Host}/e2e/any:1", "--insecure-registry", registry.Host,
                "--username", LocalRegistry.Username, "--password-stdin");

            Assert.Equal(ExitCodes.Environment, result.ExitCode);
            var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"gantry: {registry.Host}: unauthorized for repository:e2e/any:pull", line, StringComparison.Ordinal);
            Assert.DoesNotContain("definitely-wrong-password", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(result.Stdout);
        }
        finally
        {
            Console.SetIn(stdin);
        }
    }

    [Fact]
    public async Task Should_Fail_Naming_The_Digest_And_Report_Nothing_When_A_Blob_Byte_Is_Flipped()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "flipped", extraBytes: 20_000, compression: LayerCompression.None);
        var archive = Path.Combine(_folder, "flip.tar");
        SyntheticImage.WriteDockerArchive(image, archive);
        Assert.Equal(0, (await CliHarness.RunAsync("copy", $"docker-archive:{archive}", $"{registry.Host}/e2e/flip:1", "--insecure-registry", registry.Host)).ExitCode);
        using var proxy = new FaultProxy(registry);
        proxy.FlipByte("/blobs/" + image.Layers[1].DiffId);

        var result = await CliHarness.RunAsync("sbom", $"registry:{proxy.Host}/e2e/flip:1", "--insecure-registry", proxy.Host, "-o", "json");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(image.Layers[1].DiffId, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("digest mismatch", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Should_Scan_The_Requested_Platform_When_The_Tag_Is_A_Multi_Platform_Index()
    {
        var registry = await registries.PlainAsync();
        var layout = Path.Combine(_folder, "index");
        RegistryImages.WriteIndexLayout(layout, "multi", RegistryImages.Small("amd64", "amd"), RegistryImages.Small("arm64", "arm"));
        await RegistryImages.SkopeoCopyAsync($"oci:{layout}:multi", registry, "e2e/multi:1", all: true);

        var arm = await CliHarness.RunAsync("sbom", $"registry:{registry.Host}/e2e/multi:1", "--insecure-registry", registry.Host, "--platform", "linux/arm64", "-o", "json");
        var standard = await CliHarness.RunAsync("sbom", $"registry:{registry.Host}/e2e/multi:1", "--insecure-registry", registry.Host, "-o", "json");
        var missing = await CliHarness.RunAsync("sbom", $"registry:{registry.Host}/e2e/multi:1", "--insecure-registry", registry.Host, "--platform", "linux/riscv64");

        Assert.Equal(0, arm.ExitCode);
        Assert.Contains("\"gantry-arm\"", arm.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"gantry-amd\"", arm.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"gantry-amd\"", standard.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("platforms here: linux/amd64, linux/arm64", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_List_Tags_One_Per_Line_When_Running_Tags()
    {
        var registry = await registries.PlainAsync();
        var layout = Path.Combine(_folder, "tags");
        SyntheticImage.WriteOciLayout(RegistryImages.Small(marker: "tagcmd"), layout);
        foreach (var tag in (string[])["v1", "v2"])
        {
            Assert.Equal(0, (await CliHarness.RunAsync("copy", $"oci-dir:{layout}", $"{registry.Host}/e2e/tags:{tag}", "--insecure-registry", registry.Host)).ExitCode);
        }

        var result = await CliHarness.RunAsync("tags", $"{registry.Host}/e2e/tags", "--insecure-registry", registry.Host);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["v1", "v2"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private static SbomOptions Options(LocalRegistry registry) =>
        new() { Source = new ImageSourceOptions { Registry = new RegistryOptions { InsecureRegistries = [registry.Host] } } };

    private static List<string> PackageKeys(Sbom sbom) =>
        sbom.Packages.Select(p => $"{p.Type.ToWireName()} {p.Name} {p.Version} {p.LayerDiffId}").Order(StringComparer.Ordinal).ToList();
}
