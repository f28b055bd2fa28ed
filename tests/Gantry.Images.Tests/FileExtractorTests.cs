using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.TestKit.Images;

namespace Gantry.Images.Tests;

public sealed class FileExtractorTests : IDisposable
{
    private readonly ImageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>Reads the whole file in small random-access steps (last bytes first, as an ELF reader would) and hashes it.</summary>
    private sealed class HashingExtractor(string name, IReadOnlyList<string> globs, bool randomAccess = true) : IFileExtractor
    {
        public ConcurrentBag<string> Seen { get; } = [];

        public ConcurrentBag<bool> Sequential { get; } = [];

        public string Name => name;

        public IReadOnlyList<string> Globs => globs;

        public bool NeedsRandomAccess => randomAccess;

        public byte[]? Extract(FileExtractSource source)
        {
            Seen.Add(source.Path);
            Sequential.Add(source.IsSequential);
            Span<byte> tail = stackalloc byte[4];
            if (randomAccess && source.Length >= 4)
            {
                source.ReadExactlyAt(source.Length - 4, tail);
            }

            if (source.Length > 0 && source.Length < 8 && Encoding.ASCII.GetString(ReadAll(source)).StartsWith("BAD", StringComparison.Ordinal))
            {
                throw new InvalidDataException("the file says it is bad");
            }

            return Encoding.ASCII.GetBytes($"{source.Length}:{Convert.ToHexStringLower(SHA256.HashData(ReadAll(source)))}");
        }

        private static byte[] ReadAll(FileExtractSource source)
        {
            using var hashInput = new MemoryStream();
            var chunk = new byte[1000];
            for (long at = 0; at < source.Length;)
            {
                var n = source.ReadAt(at, chunk);
                hashInput.Write(chunk, 0, n);
                at += n;
            }

            return hashInput.ToArray();
        }
    }

    private static string Expected(byte[] content) => $"{content.Length}:{Convert.ToHexStringLower(SHA256.HashData(content))}";

    private static string? Facts(FileSystemView view, string extractor, string path) =>
        view.TryReadExtract(extractor, path, out var facts) ? Encoding.ASCII.GetString(facts) : null;

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<FileSystemView> WalkAsync(string source, IEnumerable<IFileExtractor> extractors, AnalysisLimits? limits = null, IEnumerable<string>? globs = null)
    {
        using var image = ImageFixture.Open(source);
        return await LayerWalker.WalkAsync(image, globs ?? [], limits ?? AnalysisLimits.Default, null, extractors, null, CancellationToken.None);
    }

    [Fact]
    public async Task Should_GiveEachMatchingFileOnce_And_NotBufferIt_When_AnExtractorReadsIt()
    {
        // Given
        var small = Bytes(5000, 1);
        var large = Bytes(300_000, 2);
        var image = new SyntheticImage()
            .Layer(l => l.File("usr/bin/small", small, (UnixFileMode)0x1ED).File("usr/bin/large", large, (UnixFileMode)0x1ED)
                .File("usr/bin/notexec", small).File("etc/other", small, (UnixFileMode)0x1ED).HardLink("usr/bin/again", "usr/bin/small"))
            .Build();
        var extractor = new HashingExtractor("hash", ["exec:/usr/bin/*"]);

        // When: the large file is over the in-memory threshold, so it is spilled to a temporary file
        var view = await WalkAsync(_fixture.WriteOciLayout(image), [extractor], AnalysisLimits.Default with { ExtractInMemoryThreshold = 100_000 });

        // Then
        Assert.Equal(["/usr/bin/large", "/usr/bin/small"], extractor.Seen.Order(StringComparer.Ordinal));
        Assert.Equal(Expected(small), Facts(view, "hash", "/usr/bin/small"));
        Assert.Equal(Expected(large), Facts(view, "hash", "/usr/bin/large"));
        Assert.Equal(Expected(small), Facts(view, "hash", "/usr/bin/again"));
        Assert.Null(Facts(view, "hash", "/usr/bin/notexec"));
        Assert.Null(Facts(view, "hash", "/etc/other"));
        Assert.False(view.TryReadFile("/usr/bin/small", out _));
        Assert.Empty(view.Diagnostics);
    }

    [Theory]
    [InlineData(1024 * 1024)]
    [InlineData(2 * 1024 * 1024)]
    [InlineData((2 * 1024 * 1024) + 123_457)]
    public async Task Should_ReadEveryByte_When_AFileHeldInMemorySpansSeveralChunks(int length)
    {
        var content = Bytes(length, 3);
        var image = new SyntheticImage().Layer(l => l.File("usr/bin/big", content, (UnixFileMode)0x1ED).File("usr/bin/small", content[..10], (UnixFileMode)0x1ED)).Build();
        var extractor = new HashingExtractor("hash", ["exec:/usr/bin/*"]);

        var view = await WalkAsync(_fixture.WriteOciLayout(image), [extractor]);

        Assert.Equal(Expected(content), Facts(view, "hash", "/usr/bin/big"));
        Assert.Equal(Expected(content[..10]), Facts(view, "hash", "/usr/bin/small"));
        Assert.Empty(view.Diagnostics);
    }

    [Fact]
    public async Task Should_ReadTheLayersStreamDirectly_When_OnlyASequentialExtractorReadsTheFile()
    {
        var content = Bytes(200_000, 3);
        var image = new SyntheticImage().Layer(l => l.File("usr/lib/libbig.so.1", content)).Build();
        var sequential = new HashingExtractor("seq", ["**/libbig.so*"], randomAccess: false);

        var view = await WalkAsync(_fixture.WriteOciLayout(image), [sequential], AnalysisLimits.Default with { ExtractInMemoryThreshold = 1000 });

        Assert.Equal([true], sequential.Sequential);
        Assert.Equal(Expected(content), Facts(view, "seq", "/usr/lib/libbig.so.1"));
    }

    [Fact]
    public async Task Should_ShowTheSurvivingLayersFacts_When_AnUpperLayerReplacesOrRemovesTheFile()
    {
        var v1 = Bytes(100, 4);
        var v2 = Bytes(200, 5);
        var image = new SyntheticImage()
            .Layer(l => l.File("app/tool", v1, (UnixFileMode)0x1ED).File("app/gone", v1, (UnixFileMode)0x1ED))
            .Layer(l => l.File("app/tool", v2, (UnixFileMode)0x1ED).Whiteout("/app/gone").Symlink("app/link", "tool"))
            .Build();
        var extractor = new HashingExtractor("hash", ["exec:/app/**"]);

        var view = await WalkAsync(_fixture.WriteOciLayout(image), [extractor]);

        Assert.Equal(Expected(v2), Facts(view, "hash", "/app/tool"));
        Assert.Equal(Expected(v2), Facts(view, "hash", "/app/link"));
        Assert.Null(Facts(view, "hash", "/app/gone"));
        Assert.Equal(Expected(v1), Facts(view.UpToLayer(1), "hash", "/app/tool"));
    }

    [Fact]
    public async Task Should_ReportTheFile_And_GoOn_When_AnExtractorRejectsIt()
    {
        var good = Bytes(64, 6);
        var image = new SyntheticImage()
            .Layer(l => l.File("bin/bad", "BAD", (UnixFileMode)0x1ED).File("bin/good", good, (UnixFileMode)0x1ED))
            .Build();
        var extractor = new HashingExtractor("hash", ["exec:/bin/*"]);

        var view = await WalkAsync(_fixture.WriteOciLayout(image), [extractor]);

        var diagnostic = Assert.Single(view.Diagnostics);
        Assert.Equal(DiagnosticCodes.MalformedFile, diagnostic.Code);
        Assert.Equal("/bin/bad", diagnostic.Path);
        Assert.Contains("the file says it is bad", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(Expected(good), Facts(view, "hash", "/bin/good"));
    }

    [Fact]
    public async Task Should_BufferAndExtract_When_AFileIsAlsoRequested()
    {
        var content = Bytes(3000, 7);
        var image = new SyntheticImage().Layer(l => l.File("opt/app", content, (UnixFileMode)0x1ED)).Build();
        var extractor = new HashingExtractor("hash", ["exec:/opt/**"]);

        var view = await WalkAsync(_fixture.WriteOciLayout(image), [extractor], globs: ["/opt/app"]);

        Assert.True(view.TryReadFile("/opt/app", out var buffered));
        Assert.Equal(content, buffered.ToArray());
        Assert.Equal(Expected(content), Facts(view, "hash", "/opt/app"));
    }

    [Fact]
    public async Task Should_KeepExtracts_When_TheViewIsCapturedAndRestored()
    {
        var content = Bytes(1000, 8);
        var image = new SyntheticImage()
            .Layer(l => l.File("usr/local/bin/tool", content, (UnixFileMode)0x1ED))
            .Layer(l => l.HardLink("usr/local/bin/same", "usr/local/bin/tool"))
            .Build();
        var view = await WalkAsync(_fixture.WriteOciLayout(image), [new HashingExtractor("hash", ["exec:/usr/local/**"])]);

        var restored = FileSystemSnapshot.Capture(view).Restore();

        Assert.Equal(Expected(content), Facts(restored, "hash", "/usr/local/bin/tool"));
        Assert.Equal(Expected(content), Facts(restored, "hash", "/usr/local/bin/same"));
        Assert.Equal("hash", Assert.Single(restored.ReadExtracts("/usr/local/bin/tool")).Key);
    }

    [Fact]
    public async Task Should_ReadHostFilesInPlace_When_TheSourceIsAFolder()
    {
        var root = Directory.CreateTempSubdirectory("gantry-extract-dir-").FullName;
        try
        {
            var content = Bytes(50_000, 9);
            Directory.CreateDirectory(Path.Combine(root, "bin"));
            await File.WriteAllBytesAsync(Path.Combine(root, "bin/tool"), content);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(root, "bin/tool"), (UnixFileMode)0x1ED);
            }
            var extractor = new HashingExtractor("hash", ["exec:/bin/*"]);

            var view = await LayerWalker.WalkDirectoryAsync(root, [], AnalysisLimits.Default with { ExtractInMemoryThreshold = 10 }, [extractor], CancellationToken.None);

            Assert.Equal(Expected(content), Facts(view, "hash", "/bin/tool"));
            Assert.False(view.TryReadFile("/bin/tool", out _));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Should_RefuseReads_When_TheyFallOutsideTheFile()
    {
        var source = FileExtractSource.FromMemory("/x", new byte[10]);

        Assert.Equal(4, source.ReadAt(6, new byte[8]));
        Assert.Equal(0, source.ReadAt(10, new byte[8]));
        Assert.Throws<InvalidDataException>(() => source.ReadExactlyAt(8, new byte[4]));
        Assert.Throws<InvalidDataException>(() => source.ReadExactlyAt(long.MaxValue - 2, new byte[4]));
        Assert.Throws<InvalidDataException>(() => source.ReadExactlyAt(0, 1L << 40, 1024));
        Assert.Throws<InvalidDataException>(() => source.OpenRange(5, 6));
    }
}
