using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.TestKit.Images;

namespace Gantry.Images.Tests;

/// <summary>Every bad input is one <see cref="InvalidInputException"/> whose message names the input and the problem.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly ImageFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static BuiltImage Simple() => new SyntheticImage().Layer(l => l.File("etc/os-release", "ID=alpine\n").File("bin/sh", new byte[10000])).Build();

    private static async Task<InvalidInputException> FailsAsync(string source)
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ImageFixture.WalkAsync(source));
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    [Fact]
    public async Task Should_Name_The_File_When_It_Is_Missing()
    {
        var ex = await FailsAsync("docker-archive:/nonexistent/image.tar");
        Assert.Contains("/nonexistent/image.tar", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_A_Tar_Is_Not_An_Image()
    {
        var path = _fixture.Path("notimage.tar");
        using (var writer = new TarWriter(File.Create(path)))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hi"u8.ToArray()) });
        }

        var ex = await FailsAsync("docker-archive:" + path);
        Assert.Contains("not an image archive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_The_File_Is_Not_A_Tar()
    {
        var path = _fixture.Path("random.tar");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes(new string('x', 5000)));

        var ex = await FailsAsync("docker-archive:" + path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Name_The_Blob_When_The_Manifest_Names_A_Missing_Layer()
    {
        var image = Simple();
        var source = _fixture.WriteOciLayout(image);
        File.Delete(_fixture.Path("layout/blobs/sha256/" + image.Layers[0].Digest["sha256:".Length..]));

        var ex = await FailsAsync(source);
        Assert.Contains(image.Layers[0].Digest, ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Name_The_Blob_When_Its_Digest_Does_Not_Match()
    {
        var image = Simple();
        var source = _fixture.WriteOciLayout(image);
        var blob = _fixture.Path("layout/blobs/sha256/" + image.Layers[0].Digest["sha256:".Length..]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^10] ^= 0xFF; // inside the gzip trailer: the content still decompresses, the digest differs
        await File.WriteAllBytesAsync(blob, bytes);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ImageFixture.WalkAsync(source));
        var invalid = Assert.IsType<InvalidInputException>(ex);
        Assert.Contains(image.Layers[0].Digest, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_A_Layer_DiffId_Does_Not_Match()
    {
        var image = Simple();
        var config = SyntheticImage.ParseJson(image.Config);
        var wrong = "sha256:" + new string('0', 64);
        config["rootfs"]!["diff_ids"]![0] = wrong;
        var tampered = image with { Config = SyntheticImage.ToJsonBytes(config) };
        tampered = tampered with { Manifest = SyntheticImage.BuildManifest(tampered.Config, tampered.Layers) };

        var ex = await FailsAsync(_fixture.WriteOciLayout(tampered));
        Assert.Contains("diffID", ex.Message, StringComparison.Ordinal);
        Assert.Contains("digest mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_The_Manifest_Digest_Does_Not_Match_Its_Content()
    {
        var image = Simple();
        var source = _fixture.WriteOciLayout(image);
        var manifestPath = _fixture.Path("layout/blobs/sha256/" + image.ManifestDigest["sha256:".Length..]);
        await File.WriteAllTextAsync(manifestPath, Encoding.UTF8.GetString(image.Manifest).Replace("\"schemaVersion\":2", "\"schemaVersion\": 2", StringComparison.Ordinal));

        var ex = await FailsAsync(source);
        Assert.Contains(image.ManifestDigest, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_A_Layer_Is_Truncated()
    {
        var image = Simple();
        var truncated = image.Layers[0] with { Blob = image.Layers[0].Blob[..(image.Layers[0].Blob.Length / 2)] };
        truncated = truncated with { Digest = SyntheticImage.Sha256(truncated.Blob) };
        var tampered = image with { Layers = [truncated] };
        tampered = tampered with { Manifest = SyntheticImage.BuildManifest(tampered.Config, tampered.Layers) };

        var ex = await FailsAsync(_fixture.WriteOciLayout(tampered));
        Assert.Contains("layer 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_A_Gzip_Layer_Is_Corrupt()
    {
        var image = Simple();
        var blob = image.Layers[0].Blob.ToArray();
        for (var i = 20; i < 60 && i < blob.Length; i++)
        {
            blob[i] ^= 0x5A;
        }

        var corrupt = image.Layers[0] with { Blob = blob, Digest = SyntheticImage.Sha256(blob) };
        var tampered = image with { Layers = [corrupt] };
        tampered = tampered with { Manifest = SyntheticImage.BuildManifest(tampered.Config, tampered.Layers) };

        var ex = await FailsAsync(_fixture.WriteOciLayout(tampered));
        Assert.Contains("layer 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Report_The_Digest_Mismatch_When_A_Flipped_Byte_Deep_In_A_Big_Blob_Also_Breaks_The_Inflate()
    {
        // Several MiB, so the damage reaches the inflater while the first stage is still hashing the blob.
        var noise = new byte[6 * 1024 * 1024];
        new Random(16).NextBytes(noise);
        var image = new SyntheticImage { Compression = LayerCompression.Gzip }.Layer(l => l.File("opt/noise.bin", noise)).Build();
        var source = _fixture.WriteOciLayout(image);
        var blob = _fixture.Path("layout/blobs/sha256/" + image.Layers[0].Digest["sha256:".Length..]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);

        var ex = await FailsAsync(source);

        Assert.Contains(image.Layers[0].Digest, ex.Message, StringComparison.Ordinal);
        Assert.Contains("digest mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Stop_Every_Stage_When_A_Big_Layer_Turns_Into_Garbage_After_Its_First_Entry()
    {
        var garbage = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(garbage);
        var image = new SyntheticImage { Compression = LayerCompression.Gzip }.Layer(l => l.File("etc/a", "a").AppendRaw(garbage)).Build();

        var ex = await FailsAsync(_fixture.WriteOciLayout(image));

        Assert.Contains("layer 1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("digest mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Fail_When_A_Tar_Entry_Claims_More_Data_Than_The_Layer_Has()
    {
        var image = new SyntheticImage { Compression = LayerCompression.Gzip }
            .Layer(l => l.File("etc/a", "a").AppendRaw(LayerBuilder.UstarHeader("huge.bin", 8L * 1024 * 1024 * 1024)).AppendRaw(new byte[1024]))
            .Build();

        var ex = await FailsAsync(_fixture.WriteOciLayout(image));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_List_The_Images_When_A_Layout_Holds_Several_And_None_Was_Chosen()
    {
        var first = new SyntheticImage { RepoTag = "app:1" }.Layer(l => l.File("a", "1")).Build();
        var second = new SyntheticImage { RepoTag = "app:2" }.Layer(l => l.File("a", "2")).Build();
        SyntheticImage.WriteOciLayout(first, _fixture.Path("multi"));
        SyntheticImage.WriteOciLayout(second, _fixture.Path("second"));
        var index = JsonNode.Parse(await File.ReadAllTextAsync(_fixture.Path("multi/index.json")))!;
        var secondIndex = JsonNode.Parse(await File.ReadAllTextAsync(_fixture.Path("second/index.json")))!;
        index["manifests"]!.AsArray().Add(secondIndex["manifests"]![0]!.DeepClone());
        await File.WriteAllTextAsync(_fixture.Path("multi/index.json"), index.ToJsonString());
        foreach (var file in Directory.GetFiles(_fixture.Path("second/blobs/sha256")))
        {
            File.Copy(file, Path.Combine(_fixture.Path("multi/blobs/sha256"), Path.GetFileName(file)), overwrite: true);
        }

        var ex = await FailsAsync("oci-dir:" + _fixture.Path("multi"));
        Assert.Contains("app:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("app:2", ex.Message, StringComparison.Ordinal);

        var chosen = await ImageFixture.WalkAsync("oci-dir:" + _fixture.Path("multi"), selector: new Sources.ImageSelector("app:2"));
        Assert.Equal("2", ImageFixture.Text(chosen, "/a"));
    }
}
