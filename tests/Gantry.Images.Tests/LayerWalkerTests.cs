using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.TestKit.Images;

namespace Gantry.Images.Tests;

public sealed class LayerWalkerTests : IDisposable
{
    private readonly ImageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static BuiltImage ThreeLayers(LayerCompression compression) => new SyntheticImage { Compression = compression }
        .Layer(l => l.Directory("etc").File("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n").File("etc/motd", "hi")
            .Directory("opt/data").File("opt/data/a", "a").File("opt/data/b", "b").File("usr/bin/tool", "v1"))
        .Layer(l => l.Whiteout("/etc/motd").Opaque("/opt/data").File("opt/data/c", "c").File("usr/bin/tool", "v2"))
        .Layer(l => l.Symlink("usr/bin/link", "tool").Symlink("etc/abs", "/usr/bin/tool").HardLink("usr/bin/hard", "usr/bin/tool"))
        .Build();

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task Should_Squash_Whiteouts_And_Opaque_Folders_When_Layers_Are_Any_Compression(LayerCompression compression)
    {
        // Given
        var source = _fixture.WriteOciLayout(ThreeLayers(compression));

        // When
        var view = await ImageFixture.WalkAsync(source);

        // Then
        Assert.Null(view.GetFile("/etc/motd"));
        Assert.Null(view.GetFile("/opt/data/a"));
        Assert.Null(view.GetFile("/opt/data/b"));
        Assert.Equal("c", ImageFixture.Text(view, "/opt/data/c"));
        Assert.Equal("v2", ImageFixture.Text(view, "/usr/bin/tool"));
        Assert.Equal(1, view.GetFile("/usr/bin/tool")!.LayerIndex);
        Assert.Equal("v2", ImageFixture.Text(view, "/usr/bin/link"));
        Assert.Equal("v2", ImageFixture.Text(view, "/etc/abs"));
        Assert.Equal("v2", ImageFixture.Text(view, "/usr/bin/hard"));
        Assert.Equal(2, view.GetLayerVersions("/usr/bin/tool").Count);
    }

    [Fact]
    public async Task Should_Read_The_Same_Files_When_The_Image_Is_A_Docker_Archive_An_Oci_Layout_Or_An_Oci_Archive()
    {
        var image = ThreeLayers(LayerCompression.Gzip);
        var views = new[]
        {
            await ImageFixture.WalkAsync(_fixture.WriteDockerArchive(image)),
            await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image)),
            await ImageFixture.WalkAsync(_fixture.WriteOciArchive(image)),
        };

        var listings = views.Select(v => string.Join('\n', v.AllFiles.Select(f => $"{f.Path} {f.Kind} {f.Size} {f.LayerIndex}").Order(StringComparer.Ordinal))).ToList();
        Assert.Equal(listings[0], listings[1]);
        Assert.Equal(listings[0], listings[2]);
    }

    [Fact]
    public async Task Should_Buffer_Only_Requested_Files()
    {
        var source = _fixture.WriteOciLayout(ThreeLayers(LayerCompression.Gzip));

        var view = await ImageFixture.WalkAsync(source, ["/etc/os-release"]);

        Assert.True(view.TryReadFile("/etc/os-release", out _));
        Assert.NotNull(view.GetFile("/usr/bin/tool"));
        Assert.False(view.TryReadFile("/usr/bin/tool", out _));
    }

    [Fact]
    public async Task Should_Ignore_Entries_That_Climb_Above_The_Root()
    {
        var image = new SyntheticImage()
            .Layer(l => l.File("../../escape", "x").File("a/../../../etc/evil", "x").File("etc/ok", "ok"))
            .Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        Assert.Equal(["/etc", "/etc/ok"], view.AllFiles.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(2, view.Diagnostics.Count(d => d.Code == DiagnosticCodes.UnsafePath));
    }

    [Fact]
    public async Task Should_Keep_Absolute_Entry_Paths_Inside_The_Image_Root()
    {
        var image = new SyntheticImage().Layer(l => l.File("/etc/passwd", "root:x:0:0::/root:/bin/sh\n")).Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        Assert.StartsWith("root:x", ImageFixture.Text(view, "/etc/passwd"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Clamp_Symlink_Chains_At_The_Root_When_They_Point_Outside()
    {
        var image = new SyntheticImage()
            .Layer(l => l.File("etc/shadow", "image-shadow").Symlink("a/b/up", "../../../../../../etc/shadow").Symlink("abs", "/../../etc/shadow"))
            .Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        Assert.Equal("image-shadow", ImageFixture.Text(view, "/a/b/up"));
        Assert.Equal("image-shadow", ImageFixture.Text(view, "/abs"));
    }

    [Theory]
    [InlineData("/usr/lib/x/libc.so")]
    [InlineData("/lib/x/libc.so")]
    [InlineData("/usr/lib64/x/libc.so")]
    [InlineData("/top/lib/x/libc.so")]
    [InlineData("/usr/lib/x/here/here/libc.so")]
    [InlineData("usr//lib/./x/../x/libc.so")]
    [InlineData("/lib/x/last")]
    public async Task Should_Follow_Symlinked_Folders_Anywhere_On_The_Path(string path)
    {
        var image = new SyntheticImage()
            .Layer(l => l.File("usr/lib/x/libc.so", "libc").Symlink("lib", "usr/lib").Symlink("usr/lib64", "../lib").Symlink("top", "/")
                .Symlink("usr/lib/x/here", ".").Symlink("usr/lib/x/last", "../x/libc.so"))
            .Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        Assert.Equal("libc", ImageFixture.Text(view, path));
        Assert.Equal("/usr/lib/x/libc.so", view.ResolveFile(path)?.Path);
        Assert.Null(view.ResolveFile(path + "/below-a-file"));
        Assert.Null(view.ResolveFile(path.Replace("x", "y", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Should_Record_Every_Path_A_Lookup_Passes_Through()
    {
        var image = new SyntheticImage().Layer(l => l.File("usr/lib/x/libc.so", "libc").Symlink("lib", "usr/lib")).Build();
        var recorder = new RecordingFileResolver(await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image)));

        _ = recorder.ResolveFile("/lib/x/libc.so");
        _ = recorder.ResolveFile("/usr/lib/missing/file");

        Assert.Equal(["/lib", "/usr", "/usr/lib", "/usr/lib/missing", "/usr/lib/x", "/usr/lib/x/libc.so"], recorder.Reads.Traversed);
        Assert.Equal(["/usr/lib/x/libc.so"], recorder.Reads.Observed);
    }

    [Fact]
    public async Task Should_Record_A_Diagnostic_When_Symlinks_Loop()
    {
        var image = new SyntheticImage().Layer(l => l.Symlink("x", "y").Symlink("y", "x").Symlink("self", "self")).Build();
        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        var resolved = await Task.Run(() => view.ResolveFile("/x")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(resolved);
        Assert.Null(view.ResolveFile("/self"));
        Assert.Contains(view.Diagnostics, d => d.Code == DiagnosticCodes.LinkLoop);
    }

    [Fact]
    public async Task Should_Keep_The_Last_Entry_When_A_Path_Is_Duplicated()
    {
        var image = new SyntheticImage().Layer(l => l.File("etc/conf", "first").File("etc/conf", "second")).Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        Assert.Equal("second", ImageFixture.Text(view, "/etc/conf"));
        Assert.Contains(view.Diagnostics, d => d.Code == DiagnosticCodes.DuplicateEntry && d.Path == "/etc/conf");
    }

    [Fact]
    public async Task Should_Record_A_Diagnostic_When_A_Whiteout_Names_A_Missing_Path()
    {
        var image = new SyntheticImage().Layer(l => l.File("etc/a", "a")).Layer(l => l.Whiteout("/etc/never-there")).Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image));

        Assert.Contains(view.Diagnostics, d => d.Code == DiagnosticCodes.WhiteoutWithoutTarget && d.Path == "/etc/never-there");
        Assert.NotNull(view.GetFile("/etc/a"));
    }

    [Fact]
    public async Task Should_Not_Buffer_A_Requested_File_Over_The_Size_Cap()
    {
        var image = new SyntheticImage().Layer(l => l.File("var/lib/dpkg/status", new byte[4096])).Build();

        var view = await ImageFixture.WalkAsync(_fixture.WriteOciLayout(image), ["/var/lib/dpkg/status"], new Layers.AnalysisLimits { MaxFileSize = 1024 });

        Assert.False(view.TryReadFile("/var/lib/dpkg/status", out _));
        Assert.Contains(view.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge);
    }
}
