using System.Text.Json;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Cli.Tests;

public sealed class SbomCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-cli-tests").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string WriteAlpineLikeImage()
    {
        var image = new SyntheticImage()
            .Layer(l => l.File("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n")
                .File("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\nF:lib\nR:libc.so\n\nP:zlib\nV:1.3-r2\nA:x86_64\nL:Zlib\n"))
            .Build();
        var path = Path.Combine(_root, "alpine.tar");
        SyntheticImage.WriteDockerArchive(image, path);
        return path;
    }

    [Fact]
    public async Task Should_Write_The_Native_Json_Document_When_Asked()
    {
        var result = await CliHarness.RunAsync("sbom", "docker-archive:" + WriteAlpineLikeImage(), "-o", "json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("alpine", root.GetProperty("distro").GetProperty("id").GetString());
        var names = root.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["musl", "zlib"], names);
        var musl = root.GetProperty("packages")[0];
        Assert.Equal("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1", musl.GetProperty("purl").GetString());
        Assert.StartsWith("sha256:", musl.GetProperty("layerDiffId").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, root.GetProperty("source").GetProperty("layers").GetArrayLength());
    }

    [Fact]
    public async Task Should_Mark_Upgraded_And_Deleted_Packages_As_Removed_When_Scope_Is_All_Layers()
    {
        const string osRelease = "ID=alpine\nVERSION_ID=3.19.1\n";
        var image = new SyntheticImage()
            .Layer(l => l.File("etc/os-release", osRelease).File("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:zlib\nV:1.3-r2\nA:x86_64\n"))
            .Layer(l => l.File("lib/apk/db/installed", "P:musl\nV:1.2.4-r3\nA:x86_64\n"), "apk upgrade musl && apk del zlib")
            .Layer(l => l.File("app/node_modules/tool/package.json", """{"name": "tool", "version": "1.0.0"}"""), "COPY tool /app")
            .Layer(l => l.Whiteout("app"), "rm -rf /app")
            .Build();
        var path = Path.Combine(_root, "layers.tar");
        SyntheticImage.WriteDockerArchive(image, path);

        var squashed = await CliHarness.RunAsync("sbom", path, "-o", "json");
        var allLayers = await CliHarness.RunAsync("sbom", path, "--scope", "all-layers", "-o", "json", "-o", $"table={Path.Combine(_root, "table.txt")}");

        Assert.Equal(["musl 1.2.4-r3 -"], Packages(squashed.Stdout));
        Assert.Equal(
            [$"musl 1.2.4-r2 {image.Layers[1].DiffId}", "musl 1.2.4-r3 -", $"tool 1.0.0 {image.Layers[3].DiffId}", $"zlib 1.3-r2 {image.Layers[1].DiffId}"],
            Packages(allLayers.Stdout));
        Assert.Contains("(3 removed by a later layer)", await File.ReadAllTextAsync(Path.Combine(_root, "table.txt")), StringComparison.Ordinal);
        var unknownScope = await CliHarness.RunAsync("sbom", path, "--scope", "everything");
        Assert.Equal(ExitCodes.InvalidInput, unknownScope.ExitCode);
        Assert.Equal("gantry: Argument 'everything' not recognized. Must be one of: 'squashed' 'all-layers' (run 'gantry --help' for usage)",
            unknownScope.Stderr.TrimEnd('\n'));

        static List<string> Packages(string json) => JsonDocument.Parse(json).RootElement.GetProperty("packages").EnumerateArray()
            .Select(p => $"{p.GetProperty("name").GetString()} {p.GetProperty("version").GetString()} {(p.TryGetProperty("removedByLayerDiffId", out var by) ? by.GetString() : "-")}")
            .ToList();
    }

    [Fact]
    public async Task Should_Write_Through_A_Named_Pipe_Instead_Of_Replacing_It()
    {
        // A device or pipe (/dev/null, /dev/stdout, a FIFO) must be written in place: the atomic rename used for files
        // would put a plain file where the device was. A FIFO shows it without touching the machine's /dev.
        var pipe = Path.Combine(_root, "sbom.pipe");
        await ProcessRunner.CheckedAsync("mkfifo", pipe);
        // Opening a FIFO blocks until the other end opens it: the reader waits on its own thread.
        var reader = Task.Run(() => File.ReadAllTextAsync(pipe)).WaitAsync(TimeSpan.FromMinutes(1));

        var result = await CliHarness.RunAsync("sbom", WriteAlpineLikeImage(), "-o", $"json={pipe}");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("\"schemaVersion\"", await reader, StringComparison.Ordinal);
        Assert.Equal("fifo", (await ProcessRunner.CheckedAsync("stat", "-c", "%F", pipe)).Trim());
        Assert.Equal([pipe], Directory.GetFiles(_root, "sbom.pipe*"));
    }

    [Fact]
    public async Task Should_Replace_The_File_A_Symbolic_Link_Names_And_Keep_The_Link()
    {
        var file = Path.Combine(_root, "reports", "sbom.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "old");
        var link = Path.Combine(_root, "latest.json");
        File.CreateSymbolicLink(link, file);

        var result = await CliHarness.RunAsync("sbom", WriteAlpineLikeImage(), "-o", $"json={link}");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(file, new FileInfo(link).LinkTarget);
        Assert.Contains("\"schemaVersion\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Print_A_Table_And_A_Summary()
    {
        var result = await CliHarness.RunAsync("sbom", WriteAlpineLikeImage(), "-o", "table");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("musl", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 packages (apk: 2) in 1 layers; alpine 3.19.1", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Write_Several_Formats_In_One_Run()
    {
        var json = Path.Combine(_root, "out.json");
        var table = Path.Combine(_root, "out.txt");

        var result = await CliHarness.RunAsync("sbom", WriteAlpineLikeImage(), "-o", $"json={json}", "-o", $"table={table}");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("\"schemaVersion\"", await File.ReadAllTextAsync(json), StringComparison.Ordinal);
        Assert.Contains("2 packages", await File.ReadAllTextAsync(table), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Exit_2_With_One_Line_And_No_Output_File_When_The_Image_Is_Bad()
    {
        var bad = Path.Combine(_root, "bad.tar");
        await File.WriteAllTextAsync(bad, "this is not a tar archive at all, just text that goes on for a while" + new string('.', 600));
        var output = Path.Combine(_root, "sbom.json");

        var result = await CliHarness.RunAsync("sbom", "docker-archive:" + bad, "-o", "json", "--file", output);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gantry: docker-archive:" + bad, line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_root, "sbom.json*"));
    }

    [Theory]
    [InlineData("sbom")]
    [InlineData("sbom", "x.tar", "--no-such-flag")]
    [InlineData("sbom", "x.tar", "-o", "xml")]
    [InlineData("no-such-command")]
    public async Task Should_Exit_2_On_Bad_Usage(params string[] args)
    {
        var result = await CliHarness.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith("gantry:", result.Stderr, StringComparison.Ordinal);
    }
}
