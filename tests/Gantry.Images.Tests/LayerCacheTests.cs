using System.Text;
using Gantry.Core;
using Gantry.Images.FileSystem;
using Gantry.Images.Layers;
using Gantry.Images.Layers.Cache;
using Gantry.Images.Sources;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Images.Tests;

/// <summary>The per-layer analysis cache under the layer walk: hits, verification on every scan, damaged entries, LRU bound.</summary>
public sealed class LayerCacheTests : IDisposable
{
    private static readonly string[] Globs = ["**/status", "**/os-release", "**/*.txt"];
    private readonly ImageFixture _fixture = new();
    private readonly string _cacheFolder = TestCache.NewFolder();

    public void Dispose()
    {
        _fixture.Dispose();
        Directory.Delete(_cacheFolder, recursive: true);
    }

    private static SyntheticImage Base() => new SyntheticImage()
        .Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("var/lib/dpkg/status", "Package: bash\nVersion: 5.2\n")
            .File("usr/share/doc/readme.txt", "base").HardLink("usr/share/doc/copy.txt", "usr/share/doc/readme.txt").Symlink("bin/sh", "bash")
            .Whiteout("/opt/gone").Opaque("/srv"), "base");

    private static BuiltImage First() => Base().Layer(l => l.File("app/one.txt", "one"), "app one").Build();

    private static BuiltImage Second() => new SyntheticImage()
        .Layer(l => l.File("first.txt", "an unrelated first layer"), "first")
        .Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("var/lib/dpkg/status", "Package: bash\nVersion: 5.2\n")
            .File("usr/share/doc/readme.txt", "base").HardLink("usr/share/doc/copy.txt", "usr/share/doc/readme.txt").Symlink("bin/sh", "bash")
            .Whiteout("/opt/gone").Opaque("/srv"), "base")
        .Layer(l => l.File("app/two.txt", "two"), "app two")
        .Build();

    private LayerCache Cache(long maxBytes = LayerCache.DefaultMaxBytes, TimeProvider? clock = null) => new(_cacheFolder, maxBytes, clock);

    private static async Task<FileSystemView> WalkAsync(string source, LayerCache? cache, IEnumerable<string>? globs = null)
    {
        using var image = ImageOpener.OpenLocal(SourceSpec.Parse(source), ImageSelector.Default);
        return await LayerWalker.WalkAsync(image, globs ?? Globs, AnalysisLimits.Default, null, [], cache, CancellationToken.None);
    }

    /// <summary>A layout of <see cref="First"/> with a warm cache, then one layer's blob rewritten with other bytes under its digest's name.</summary>
    private async Task<(BuiltImage Built, string Source, LayerCache Cache)> WarmThenTamperedAsync(int tampered = 0)
    {
        var built = First();
        var source = _fixture.WriteOciLayout(built);
        var cache = Cache();
        await WalkAsync(source, cache);
        File.WriteAllBytes(_fixture.Path(Path.Combine("layout", "blobs", "sha256", Digest.Parse(built.Layers[tampered].Digest).Hex)),
            new SyntheticImage().Layer(l => l.File("etc/os-release", "ID=evil\n")).Build().Layers[0].Blob);
        return (built, source, cache);
    }

    /// <summary>Every file (with its layer), every buffered content, the diagnostics and the layers, as text to compare.</summary>
    private static string Describe(FileSystemView view)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", view.LayerDiffIds));
        foreach (var node in view.AllFiles.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            text.AppendLine(node.ToString());
            if (view.TryReadFile(node.Path, out var content))
            {
                text.AppendLine("  " + Convert.ToHexString(content.Span));
            }

            foreach (var version in view.GetLayerVersions(node.Path))
            {
                text.AppendLine("  version " + version);
            }
        }

        foreach (var diagnostic in view.Diagnostics)
        {
            text.AppendLine(diagnostic.ToString());
        }

        return text.ToString();
    }

    [Fact]
    public async Task Should_Read_A_Shared_Base_Layer_From_The_Cache_At_Its_Position_In_The_Second_Image()
    {
        // Given: the first image analyzed with the cache
        var first = _fixture.WriteOciLayout(First(), "first");
        var second = _fixture.WriteOciLayout(Second(), "second");
        var cache = Cache();
        await WalkAsync(first, cache);
        Assert.Equal(2, cache.Stored);

        // When: the second image, whose layer 2 is the first image's layer 1
        var cached = await WalkAsync(second, cache);

        // Then: one hit, and the same view as without a cache (the base layer's files at index 1)
        Assert.Equal(1, cache.Hits);
        Assert.Equal(4, cache.Stored);
        Assert.Equal(Describe(await WalkAsync(second, null)), Describe(cached));
        Assert.Equal(1, cached.GetFile("/var/lib/dpkg/status")!.LayerIndex);
        Assert.Equal("base", ImageFixture.Text(cached, "/usr/share/doc/copy.txt"));
    }

    [Fact]
    public async Task Should_Key_A_Docker_Archive_Layer_By_Its_DiffId_And_Still_Verify_It()
    {
        var source = _fixture.WriteDockerArchive(First());
        var cache = Cache();
        var cold = await WalkAsync(source, cache);

        var warm = await WalkAsync(source, cache);

        Assert.Equal(2, cache.Hits);
        Assert.Equal(Describe(cold), Describe(warm));
    }

    [Fact]
    public async Task Should_Miss_When_The_Request_Differs()
    {
        var source = _fixture.WriteOciLayout(First());
        var cache = Cache();
        await WalkAsync(source, cache);

        var other = await WalkAsync(source, cache, ["**/*"]);

        Assert.Equal(0, cache.Hits);
        Assert.Equal(Describe(await WalkAsync(source, null, ["**/*"])), Describe(other));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("garbage")]
    public async Task Should_Detect_A_Damaged_Entry_And_Rebuild_It(string damage)
    {
        // Given: a warm cache whose entries are then damaged
        var source = _fixture.WriteOciLayout(First());
        var cache = Cache();
        var expected = Describe(await WalkAsync(source, cache));
        foreach (var entry in Directory.GetFiles(_cacheFolder, "*.layer"))
        {
            var bytes = File.ReadAllBytes(entry);
            bytes = damage switch
            {
                "flip" => Flip(bytes, bytes.Length - 3),
                "truncate" => bytes[..(bytes.Length / 2)],
                "empty" => [],
                _ => Encoding.UTF8.GetBytes(new string('x', 4096)),
            };
            File.WriteAllBytes(entry, bytes);
        }

        // When
        var view = await WalkAsync(source, cache);

        // Then: both rejected, the result unchanged, the entries written again and read back whole
        Assert.Equal(2, cache.Rejected);
        Assert.Equal(0, cache.Hits);
        Assert.Equal(expected, Describe(view));
        Assert.Equal(4, cache.Stored);
        Assert.Equal(expected, Describe(await WalkAsync(source, cache)));
        Assert.Equal(2, cache.Hits);
    }

    [Fact]
    public async Task Should_Reject_An_Entry_Made_From_A_Layer_Of_Another_DiffId()
    {
        var source = _fixture.WriteOciLayout(First());
        using var image = ImageFixture.Open(source);
        var layer = image.Layers[0];
        var cache = Cache();
        var key = LayerCache.KeyFor(layer, LayerCacheFingerprint.For(Globs, AnalysisLimits.Default));
        await WalkAsync(source, cache);

        Assert.Null(cache.TryGet(key, "sha256:" + new string('1', 64), 0, AnalysisLimits.Default));
        Assert.Equal(1, cache.Rejected);
        Assert.False(File.Exists(Path.Combine(_cacheFolder, key + ".layer")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Should_Refuse_A_Blob_Whose_Bytes_Changed_Under_The_Same_Name_Even_With_A_Warm_Cache(int tampered)
    {
        // Given: either layer (the cached blobs are hashed largest first, each verified)
        var (built, source, cache) = await WarmThenTamperedAsync(tampered);

        // When
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => WalkAsync(source, cache));

        // Then
        Assert.Contains("digest mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains(built.Layers[tampered].Digest, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Throw_The_Mismatch_And_Cancel_What_Used_The_View_When_A_Cached_Layer_Blob_Changed()
    {
        // Given
        var (_, source, cache) = await WarmThenTamperedAsync();
        using var image = ImageFixture.Open(source);
        var sawView = false;
        var cancelled = false;

        // When: the view is used while the blobs are hashed, by work that only ends when cancelled
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => LayerWalker.WalkAsync(image, Globs, AnalysisLimits.Default, null, [], cache,
            async (view, ct) =>
            {
                sawView = view.GetFile("/etc/os-release") is not null;
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }

                return view;
            }, CancellationToken.None));

        // Then: the mismatch is what is thrown, and the work beside it was cancelled
        Assert.Contains("digest mismatch", ex.Message, StringComparison.Ordinal);
        Assert.True(sawView);
        Assert.True(cancelled);
    }

    [Fact]
    public async Task Should_Return_What_Used_The_View_Once_Every_Cached_Blob_Matched()
    {
        var source = _fixture.WriteOciLayout(First());
        var cache = Cache();
        await WalkAsync(source, cache);
        using var image = ImageFixture.Open(source);

        var release = await LayerWalker.WalkAsync(image, Globs, AnalysisLimits.Default, null, [], cache,
            (view, _) => Task.FromResult(view.GetFile("/etc/os-release")?.Path), CancellationToken.None);

        Assert.Equal("/etc/os-release", release);
        Assert.Equal(2, cache.Hits);
    }

    [Fact]
    public async Task Should_Refuse_A_Docker_Archive_Layer_Whose_Tar_Changed_Even_With_A_Warm_Cache()
    {
        var built = First() with { };
        var path = _fixture.Path("image.tar");
        SyntheticImage.WriteDockerArchive(built, path);
        var cache = Cache();
        await WalkAsync("docker-archive:" + path, cache);
        var other = new SyntheticImage().Layer(l => l.File("etc/os-release", "ID=evil\n")).Build().Layers[0];
        var tampered = built with { Layers = [built.Layers[0] with { Blob = other.Blob }, built.Layers[1]] };
        SyntheticImage.WriteDockerArchive(tampered, path);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => WalkAsync("docker-archive:" + path, cache));

        Assert.Contains("digest mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Evict_The_Least_Recently_Used_Entries_To_Stay_Under_The_Bound()
    {
        // Given: entries of three images written one after another on a clock that moves
        var clock = new ManualClock();
        var sources = Enumerable.Range(0, 3).Select(i => _fixture.WriteOciLayout(new SyntheticImage()
            .Layer(l => l.File($"data/{i}.txt", RandomText(i))).Build(), $"image{i}")).ToList();
        var probe = Cache(clock: clock);
        await WalkAsync(sources[0], probe);
        var entrySize = new FileInfo(Directory.GetFiles(_cacheFolder, "*.layer").Single()).Length;
        var cache = Cache(maxBytes: (entrySize * 5) / 2, clock);
        clock.Advance();
        await WalkAsync(sources[1], cache);
        clock.Advance();
        await WalkAsync(sources[0], cache); // touches image 0's entry
        clock.Advance();

        // When
        await WalkAsync(sources[2], cache);

        // Then: image 1's entry, the least recently used, was evicted; the total is within the bound
        var status = cache.GetStatus();
        Assert.Equal(2, status.Entries);
        Assert.True(status.TotalBytes <= cache.MaxBytes, $"{status.TotalBytes} > {cache.MaxBytes}");
        await WalkAsync(sources[0], cache);
        await WalkAsync(sources[1], cache);
        Assert.Equal(2, cache.Hits);
    }

    [Fact]
    public async Task Should_Report_And_Clean_The_Entries()
    {
        var cache = Cache();
        await WalkAsync(_fixture.WriteOciLayout(First()), cache);
        File.WriteAllBytes(Path.Combine(_cacheFolder, ".tmp-1-leftover"), [1, 2, 3]);

        var status = cache.GetStatus();
        var removed = cache.Clean();

        Assert.Equal(2, status.Entries);
        Assert.Equal(status.Entries, removed.Entries);
        Assert.Equal(status.TotalBytes, removed.TotalBytes);
        Assert.Empty(Directory.GetFiles(_cacheFolder));
        Assert.Equal(0, cache.GetStatus().Entries);
    }

    [Fact]
    public async Task Should_Not_Cache_A_Layer_Indexed_After_The_Buffer_Budget_Was_Spent()
    {
        var source = _fixture.WriteOciLayout(First());
        var cache = Cache();
        using var image = ImageFixture.Open(source);

        await LayerWalker.WalkAsync(image, ["**/status"], AnalysisLimits.Default with { MaxBufferedBytes = 1 }, null, [], cache, CancellationToken.None);

        Assert.Equal(1, cache.Stored); // the app layer, which requests nothing
        Assert.Single(Directory.GetFiles(_cacheFolder, "*.layer"));
    }

    [Fact]
    public void Should_Write_The_Same_Bytes_For_The_Same_Index_Whatever_The_Insertion_Order()
    {
        var a = new LayerIndex(0, "sha256:" + new string('a', 64));
        var b = new LayerIndex(3, "sha256:" + new string('a', 64));
        foreach (var (layer, order) in new[] { (a, new[] { "/x", "/y" }), (b, new[] { "/y", "/x" }) })
        {
            foreach (var path in order)
            {
                layer.Entries[path] = new FileNode { Path = path, Kind = FileKind.File, Size = 1, LayerIndex = layer.Index };
                layer.Contents[path] = [1];
                layer.Whiteouts.Add(path + ".old");
                layer.Extracts["x:" + path] = [2];
            }
        }

        using var first = new MemoryStream();
        using var second = new MemoryStream();
        LayerIndexSerializer.Write(a, first);
        LayerIndexSerializer.Write(b, second);

        Assert.Equal(first.ToArray(), second.ToArray());
        var read = LayerIndexSerializer.Read(second.ToArray(), 7, b.DiffId, AnalysisLimits.Default);
        Assert.Equal(7, read.Entries["/x"].LayerIndex);
        Assert.Equal([2], read.Extracts["x:/y"]);
    }

    [Fact]
    public void Should_Refuse_Hostile_Counts_And_Lengths()
    {
        var layer = new LayerIndex(0, "d");
        layer.Contents["/a"] = new byte[100];
        using var stream = new MemoryStream();
        LayerIndexSerializer.Write(layer, stream);
        var bytes = stream.ToArray();

        // The entry count (after the 8-byte size) claims a billion entries; a content length claims more than is left.
        var hugeCount = bytes.ToArray();
        BitConverter.GetBytes(1_000_000_000).CopyTo(hugeCount, 8);
        Assert.Throws<InvalidDataException>(() => LayerIndexSerializer.Read(hugeCount, 0, "d", AnalysisLimits.Default));
        Assert.Throws<InvalidDataException>(() => LayerIndexSerializer.Read(bytes.AsSpan(0, bytes.Length - 10), 0, "d", AnalysisLimits.Default));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0x5a;
        return bytes;
    }

    private static string RandomText(int seed) => string.Concat(Enumerable.Range(0, 2000).Select(i => (char)('a' + ((i * 7919 + seed * 104729) % 26))));

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance() => _now += TimeSpan.FromMinutes(1);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
