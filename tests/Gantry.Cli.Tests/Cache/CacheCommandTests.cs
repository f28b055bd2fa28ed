using Gantry.Cli.Infrastructure;
using Gantry.Engine;
using Gantry.Engine.Caching;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Cli.Tests.Cache;

/// <summary><c>gantry cache status|clean</c>, <c>--no-cache</c> and <c>--cache-max-size</c>, and two processes filling one cache.</summary>
public sealed class CacheCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-cli-cache-tests").FullName;

    public CacheCommandTests() => CacheFolder = Path.Combine(_root, "cache");

    private string CacheFolder { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<CliResult> RunAsync(params string[] args) =>
        CliHarness.RunAsync(TimeProvider.System, new Dictionary<string, string?> { [TestCache.Variable] = CacheFolder }, args);

    private string WriteImage(int layers = 2)
    {
        var image = new SyntheticImage();
        image.Layer(l => l.File("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n").File("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n"));
        for (var i = 1; i < layers; i++)
        {
            var n = i;
            image.Layer(l => l.File($"app/{n}/package.json", $$"""{"name": "tool{{n}}", "version": "1.0.{{n}}"}""").File($"app/{n}/blob.bin", new byte[256 * 1024]));
        }

        var path = Path.Combine(_root, $"image{layers}.tar");
        SyntheticImage.WriteOciArchive(image.Build(), path);
        return "oci-archive:" + path;
    }

    private int Entries() => Directory.Exists(CacheFolder) ? Directory.GetFiles(CacheFolder, "*.layer").Length : 0;

    /// <summary>What one scan of an image of <paramref name="layers"/> layers keeps: each layer's index and secret results, and the catalogers' run.</summary>
    private static int EntriesFor(int layers) => (2 * layers) + 1;

    [Fact]
    public async Task Should_Fill_The_Cache_By_Default_And_Report_And_Clean_It()
    {
        // Given
        var image = WriteImage();
        var first = await RunAsync("sbom", image, "-o", "json");
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(EntriesFor(layers: 2), Entries());

        // When
        var status = await RunAsync("cache", "status");
        var clean = await RunAsync("cache", "clean");
        var after = await RunAsync("cache", "status", "--cache-max-size", "500MB");

        // Then
        Assert.Equal(ExitCodes.Success, status.ExitCode);
        Assert.Contains($"location: {CacheFolder}", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("entries:  5", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("max:      2.0 GiB", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, clean.ExitCode);
        Assert.StartsWith("removed 5 entries (", clean.Stdout, StringComparison.Ordinal);
        Assert.Contains(CacheFolder, clean.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Entries());
        Assert.Contains("entries:  0", after.Stdout, StringComparison.Ordinal);
        Assert.Contains("max:      500.0 MiB", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Write_Nothing_With_No_Cache()
    {
        var result = await RunAsync("sbom", WriteImage(), "--no-cache", "-o", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.False(Directory.Exists(CacheFolder));
    }

    [Theory]
    [InlineData("sbom")]
    [InlineData("scan")]
    [InlineData("explain")]
    [InlineData("evaluate")]
    [InlineData("gate")]
    public void Should_Offer_The_Cache_Flags_On_Every_Command_That_Analyzes_An_Image(string command)
    {
        var commands = Gantry.Cli.Commands.CommandList.Create(CliHarness.Console(TextWriter.Null, TextWriter.Null), new GantryEngine());

        var options = commands.Single(c => c.Name == command).Options.Select(o => o.Name).ToList();

        Assert.Contains("--no-cache", options);
        Assert.Contains("--cache-max-size", options);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-5MB")]
    [InlineData("3PB")]
    public async Task Should_Refuse_A_Bad_Max_Size_In_One_Line(string size)
    {
        var result = await RunAsync("sbom", WriteImage(), "--cache-max-size", size);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith("gantry: --cache-max-size: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, Entries());
    }

    [Fact]
    public async Task Should_Warn_And_Scan_Without_The_Cache_When_Its_Folder_Cannot_Be_Written()
    {
        var blocked = Path.Combine(_root, "a-file");
        File.WriteAllText(blocked, "not a folder");

        var result = await CliHarness.RunAsync(TimeProvider.System, new Dictionary<string, string?> { [TestCache.Variable] = Path.Combine(blocked, "cache") },
            "sbom", WriteImage(), "-o", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("gantry: warning: the layer cache folder ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"packages\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Keep_The_Cache_Valid_When_Two_Processes_Fill_It_At_Once()
    {
        // Given: an image of many layers and two real gantry processes on one empty cache folder
        const int layers = 12;
        var image = WriteImage(layers);
        var environment = new Dictionary<string, string> { [TestCache.Variable] = CacheFolder };

        // When
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            ProcessRunner.RunAsync("dotnet", [CliAssembly.Path, "sbom", image, "-o", "json"], environment: environment, timeout: TimeSpan.FromMinutes(3))));

        // Then: both succeed with the same SBOM, the cache holds one whole entry per layer (and per kept result) and
        // reads back valid
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Equal(runs[0].Stdout, runs[1].Stdout);
        Assert.Equal(EntriesFor(layers), Entries());
        Assert.Empty(Directory.GetFiles(CacheFolder, ".tmp-*"));
        var cache = AnalysisCache.Open(new CacheSettings(CacheFolder, CacheSettings.DefaultMaxBytes), null, out _)!;
        await new GantryEngine().Sbom.GenerateAsync(image, new SbomOptions { Cache = cache }, null, CancellationToken.None);
        Assert.Equal(layers, cache.Hits);
        Assert.Equal(layers + 1, cache.ResultHits);
        Assert.Equal(0, cache.Rejected);
        var third = await RunAsync("sbom", image, "-o", "json");
        Assert.Equal(runs[0].Stdout, third.Stdout);
    }
}
