using System.Globalization;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;
using Xunit.Abstractions;

namespace Gantry.Engine.Tests;

/// <summary>
/// Issue #16: a scan's memory does not grow with the size of the image's executables. The scan runs in a child process
/// (Gantry.MemoryProbe) so that what it allocates and its peak resident set are its own, not the test host's.
/// </summary>
public sealed class MemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long ExecutableSize = 300L * 1024 * 1024;
    private const int SmallFiles = 100_000;

    // Measured on the 2-core dev box (Debug build, .NET 10): 995 MB allocated and 155 MiB peak RSS; with the 300 MB
    // executable alone, 25 MB and 72 MiB (the 100,000 entries are nearly all of it). Peak RSS has 1.5x headroom; the
    // allocation bound has 1.2x, so that buffering the executable again (+300 MB) fails it too.
    private const long AllocatedBound = 1_200_000_000;
    private const long PeakRssBound = 232L * 1024 * 1024;

    private const string Modules = "path\texample.com/big/cmd/server\nmod\texample.com/big\tv1.2.3\th1:bWFpbg==\n"
        + "dep\tgithub.com/pkg/errors\tv0.9.1\th1:ZXJyb3Jz\nbuild\tGOARCH=amd64\nbuild\tGOOS=linux\n";

    private readonly string _root = Directory.CreateTempSubdirectory("gantry-memory-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Slow(SlowBecause.LargeData)]
    [Fact]
    public async Task Should_StayUnderTheBounds_And_FindTheGoModules_When_TheImageHasA300MbExecutableAnd100000SmallFiles()
    {
        // Given: one layer of 100,000 small files, one with a 300 MB Go executable (its build info at the start, its
        // section table at the end, 300 MB apart)
        var executable = Path.Combine(_root, "server");
        using (var file = File.Create(executable))
        {
            SyntheticElf.Write(file, [(".go.buildinfo", SyntheticElf.GoBuildInfo("go1.22.1", Modules))], padding: ExecutableSize);
        }

        var layout = Path.Combine(_root, "layout");
        var small = "small file contents\n"u8.ToArray();
        StreamedOciLayout.Write(layout, "test/memory:1",
            tar =>
            {
                for (var i = 0; i < SmallFiles; i++)
                {
                    StreamedOciLayout.WriteFile(tar, $"srv/data/{i / 1000:D3}/file-{i:D6}.txt", new MemoryStream(small), (UnixFileMode)0x1A4);
                }
            },
            tar =>
            {
                using var content = File.OpenRead(executable);
                StreamedOciLayout.WriteFile(tar, "usr/local/bin/server", content, (UnixFileMode)0x1ED);
            });
        File.Delete(executable);

        // When
        var result = await ProcessRunner.RunAsync("dotnet", [ProbePath(), "oci-dir:" + layout], timeout: TimeSpan.FromMinutes(10));

        // Then
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("package example.com/big@v1.2.3", lines);
        Assert.Contains("package github.com/pkg/errors@v0.9.1", lines);
        Assert.Contains("package stdlib@go1.22.1", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("diagnostic ", StringComparison.Ordinal) && l.Contains("/usr/local/bin/server", StringComparison.Ordinal));
        var allocated = Measure(lines, "allocated");
        var peakRss = Measure(lines, "peak-rss");
        output.WriteLine($"allocated {allocated} bytes, peak RSS {peakRss} bytes");
        Assert.True(allocated < AllocatedBound, $"the scan allocated {allocated} bytes, over the {AllocatedBound}-byte bound");
        if (OperatingSystem.IsLinux())
        {
            Assert.True(peakRss < PeakRssBound, $"the scan's peak RSS was {peakRss} bytes, over the {PeakRssBound}-byte bound");
        }
    }

    private static long Measure(IEnumerable<string> lines, string name) =>
        long.Parse(lines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);

    /// <summary>The probe's build output beside this test's: same configuration and framework folders.</summary>
    private static string ProbePath()
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testOutput);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
        var tests = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(testOutput))))!;
        var probe = Path.Combine(tests, "Gantry.MemoryProbe", "bin", configuration, framework, "Gantry.MemoryProbe.dll");
        Assert.True(File.Exists(probe), $"{probe} is missing: build tests/Gantry.MemoryProbe");
        return probe;
    }
}
