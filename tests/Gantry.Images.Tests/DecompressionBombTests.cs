using System.IO.Compression;
using Gantry.Core;
using Gantry.TestKit.Images;
using Gantry.TestKit.Traits;

namespace Gantry.Images.Tests;

[CollectionDefinition(nameof(MemorySensitive), DisableParallelization = true)]
public sealed class MemorySensitive;

/// <summary>A layer that expands to far more than its compressed size must stream through in bounded memory.</summary>
[Slow(SlowBecause.LargeData)]
[Collection(nameof(MemorySensitive))]
public sealed class DecompressionBombTests : IDisposable
{
    private const long ExpandedSize = 512L * 1024 * 1024;

    private readonly ImageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Should_Stream_A_Bomb_Layer_In_Bounded_Memory()
    {
        // Given: one requested file of 512 MiB of zeros, about 0.5 MiB once gzipped
        var tar = _fixture.Path("bomb.tar");
        await using (var stream = File.Create(tar))
        {
            stream.Write(LayerBuilder.UstarHeader("var/lib/dpkg/status", ExpandedSize));
            var zeros = new byte[1024 * 1024];
            for (var written = 0L; written < ExpandedSize; written += zeros.Length)
            {
                stream.Write(zeros);
            }

            stream.Write(new byte[1024]);
        }

        var gz = _fixture.Path("bomb.tar.gz");
        await using (var input = File.OpenRead(tar))
        await using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            await input.CopyToAsync(output);
        }

        var blob = await File.ReadAllBytesAsync(gz);
        var diffId = await DigestOfFileAsync(tar);
        File.Delete(tar);
        var layer = new BuiltLayer(blob, SyntheticImage.Sha256(blob), diffId, "application/vnd.oci.image.layer.v1.tar+gzip", "bomb");
        var config = new SyntheticImage().BuildConfig([layer]);
        var image = new BuiltImage([layer], config, SyntheticImage.BuildManifest(config, [layer]), "bomb:1");
        var source = _fixture.WriteOciLayout(image);

        // When
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var view = await ImageFixture.WalkAsync(source, ["/var/lib/dpkg/status"]);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Then: the file is indexed, not buffered, and far less than its size was allocated
        Assert.Equal(ExpandedSize, view.GetFile("/var/lib/dpkg/status")!.Size);
        Assert.False(view.TryReadFile("/var/lib/dpkg/status", out _));
        Assert.Contains(view.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes while streaming a {ExpandedSize}-byte layer");
    }

    private static async Task<string> DigestOfFileAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream));
    }
}
