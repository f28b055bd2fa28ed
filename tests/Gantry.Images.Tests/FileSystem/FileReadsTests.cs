using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.Images.Sources;
using Gantry.TestKit.Images;

namespace Gantry.Images.Tests.FileSystem;

/// <summary>
/// What readers of a view looked at, and whether layers added above change any of it: the condition under which the
/// catalogers' cached run over the lower layers is reused for an image built on them.
/// </summary>
public sealed class FileReadsTests : IDisposable
{
    private static readonly string[] Globs = ["**/status", "/etc/os-release", "/app/**", "exec:/app/**"];
    private readonly ImageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static SyntheticImage Base() => new SyntheticImage()
        .Layer(l => l.File("etc/os-release", "ID=debian\n").File("var/lib/dpkg/status", "Package: bash\nVersion: 5.2\n")
            .Directory("app").File("app/readme.txt", "hello").Symlink("lib", "usr/lib").Directory("usr/lib"), "base");

    /// <summary>The base image's view read as catalogers do: listed and read by globs, looked up by path, a link followed.</summary>
    private async Task<FileReads> ReadBaseAsync()
    {
        var view = await WalkAsync(Base().Build(), "base");
        var recorder = new RecordingFileResolver(view);
        _ = recorder.ReadRequestedFiles(["**/status"]).ToList();
        _ = recorder.ReadRequestedFiles(["/app/**"], "\u007fELF"u8.ToArray()).ToList();
        _ = recorder.GetFile("/app/node_modules");
        _ = recorder.TryReadFile("/etc/os-release", out _);
        _ = recorder.ResolveFile("/lib/libc.so.6");
        return recorder.Reads;
    }

    private async Task<FileSystemView> WalkAsync(BuiltImage image, string name)
    {
        using var opened = ImageOpener.OpenLocal(SourceSpec.Parse(_fixture.WriteOciLayout(image, name)), ImageSelector.Default);
        return await LayerWalker.WalkAsync(opened, Globs, AnalysisLimits.Default, null, [], null, CancellationToken.None);
    }

    public static TheoryData<string, bool> Uppers() => new()
    {
        { "a text file beside the application", true },
        { "a folder declared again", true },
        { "a file in a new folder", true },
        { "an executable that is no ELF", true },
        { "a new dpkg database", false },
        { "an ELF file where binaries are read", false },
        { "the looked-up folder", false },
        { "a file replacing a folder", false },
        { "a whiteout", false },
        { "a file behind a followed symlink", false },
        { "the os-release replaced", false },
    };

    [Theory]
    [MemberData(nameof(Uppers))]
    public async Task Should_Tell_Whether_An_Upper_Layer_Changes_What_Was_Read(string upper, bool unchanged)
    {
        // Given
        var reads = await ReadBaseAsync();
        var image = Base().Layer(l => _ = upper switch
        {
            "a text file beside the application" => l.File("app/derived.txt", "built on top"),
            "a folder declared again" => l.Directory("app").File("app/other.txt", "x"),
            "a file in a new folder" => l.File("srv/www/index.html", "<html/>"),
            "an executable that is no ELF" => l.File("app/run.sh", "#!/bin/sh\n", (UnixFileMode)0x1ED),
            "a new dpkg database" => l.File("var/lib/dpkg/status", "Package: bash\nVersion: 5.3\n"),
            "an ELF file where binaries are read" => l.File("app/server", "\u007fELF and more", (UnixFileMode)0x1ED),
            "the looked-up folder" => l.Directory("app/node_modules"),
            "a file replacing a folder" => l.File("usr/lib", "not a folder"),
            "a whiteout" => l.Whiteout("/app/readme.txt"),
            "a file behind a followed symlink" => l.File("usr/lib/libc.so.6", "x"),
            _ => l.File("etc/os-release", "ID=alpine\n"),
        }, "upper").Build();

        // When
        var view = await WalkAsync(image, "derived");

        // Then
        Assert.Equal(unchanged, reads.IsUnchangedAbove(view, 1));
    }

    [Fact]
    public async Task Should_Survive_Being_Kept_And_Restored()
    {
        // Given
        var reads = await ReadBaseAsync();
        var view = await WalkAsync(Base().Layer(l => l.File("var/lib/dpkg/status", "Package: zsh\nVersion: 5.9\n")).Build(), "derived");

        // When
        var restored = FileReads.Restore(reads.Observed, reads.Traversed, reads.Globs, reads.ContentGlobs);

        // Then
        Assert.Equal(reads.ContentGlobs, restored.ContentGlobs);
        Assert.False(restored.IsUnchangedAbove(view, 1));
        Assert.True(restored.IsUnchangedAbove(view, 2));
    }

    [Fact]
    public async Task Should_Never_Reuse_After_A_Reader_Enumerated_Every_File()
    {
        // Given
        var view = await WalkAsync(Base().Layer(l => l.File("app/derived.txt", "x")).Build(), "derived");
        var recorder = new RecordingFileResolver(view);

        // When
        _ = recorder.AllFiles.Count();

        // Then
        Assert.True(recorder.Reads.Everything);
        Assert.False(recorder.Reads.IsUnchangedAbove(view, 1));
    }
}
