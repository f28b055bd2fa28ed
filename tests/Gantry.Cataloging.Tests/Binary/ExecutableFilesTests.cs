using Gantry.Cataloging.Binary;
using Gantry.Cataloging.Tests.Fixtures;
using Gantry.Images.Layers;

namespace Gantry.Cataloging.Tests.Binary;

public sealed class ExecutableFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gantry-exec-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Should_BufferOnlyExecutables_When_FolderIsRequestedWithExecPrefix()
    {
        Directory.CreateDirectory(Path.Combine(_root, "app/data"));
        File.Copy("/usr/bin/true", Path.Combine(_root, "app/server"));
        await File.WriteAllBytesAsync(Path.Combine(_root, "app/data/blob.bin"), new byte[4096]);
        await Run.ToolAsync("chmod", "755", Path.Combine(_root, "app/server"));
        await Run.ToolAsync("chmod", "644", Path.Combine(_root, "app/data/blob.bin"));

        var view = await LayerWalker.WalkDirectoryAsync(_root, ExecutableFiles.Globs, AnalysisLimits.Default, CancellationToken.None);

        Assert.True(view.TryReadFile("/app/server", out _));
        Assert.False(view.TryReadFile("/app/data/blob.bin", out _));
        Assert.Equal(["/app/server"], ExecutableFiles.ReadElf(view).Select(f => f.Path));
    }
}
