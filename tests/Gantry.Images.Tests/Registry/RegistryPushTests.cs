using Gantry.Core;
using Gantry.Images.Copy;
using Gantry.Images.Registry;
using Gantry.Images.Sources;
using Gantry.TestKit.Images;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Images.Tests.Registry;

[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class RegistryPushTests(RegistryFixture registries) : IDisposable
{
    private readonly string _folder = RegistryImages.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Should_Keep_The_Manifest_Digest_And_Skip_Existing_Blobs_When_Pushing_An_Oci_Layout()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "push");
        var layout = Path.Combine(_folder, "layout");
        SyntheticImage.WriteOciLayout(image, layout);
        var options = RegistryPullTests.Options(registry.Host);

        var first = await ImageCopier.CopyAsync($"oci-dir:{layout}", $"registry:{registry.Host}/push/oci:1", ImageSelector.Default, options, CancellationToken.None);
        var second = await ImageCopier.CopyAsync($"oci-dir:{layout}", $"registry:{registry.Host}/push/oci:2", ImageSelector.Default, options, CancellationToken.None);
        using var client = new RegistryClient(options);
        var stored = await client.GetManifestAsync(ImageReference.Parse($"{registry.Host}/push/oci:1"), "1", CancellationToken.None);

        Assert.Equal(image.ManifestDigest, first.ManifestDigest.ToString());
        Assert.Equal(image.Manifest, stored.Bytes);
        Assert.Equal((3, 0), (first.BlobsWritten, first.BlobsSkipped));
        Assert.Equal((0, 3), (second.BlobsWritten, second.BlobsSkipped));
    }

    [Fact]
    public async Task Should_Mount_Blobs_When_Copying_Between_Repositories_Of_One_Registry()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "mount");
        await RegistryImages.PushAsync(image, registry, "mount/source:1");

        var result = await ImageCopier.CopyAsync($"registry:{registry.Host}/mount/source:1", $"{registry.Host}/mount/target:1",
            ImageSelector.Default, RegistryPullTests.Options(registry.Host), CancellationToken.None);

        Assert.Equal(image.ManifestDigest, result.ManifestDigest.ToString());
        Assert.Equal(3, result.BlobsMounted);
        Assert.Equal(0, result.BlobsWritten);
    }

    [Fact]
    public async Task Should_Upload_In_Chunks_When_A_Blob_Is_Larger_Than_The_Monolithic_Limit()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "chunks", extraBytes: 50_000);
        var layout = Path.Combine(_folder, "chunks");
        SyntheticImage.WriteOciLayout(image, layout);
        using var proxy = new FaultProxy(registry);
        var options = RegistryPullTests.Options(proxy.Host) with { MonolithicUploadLimit = 4096, UploadChunkSize = 16 * 1024 };

        await ImageCopier.CopyAsync($"oci-dir:{layout}", $"registry:{proxy.Host}/push/chunks:1", ImageSelector.Default, options, CancellationToken.None);
        using var pulled = await RegistryImageSource.OpenAsync(SourceSpec.Parse($"registry:{registry.Host}/push/chunks:1"), ImageSelector.Default,
            RegistryPullTests.Options(registry.Host), CancellationToken.None);
        await RegistryPullTests.ReadAllLayersAsync(pulled);

        Assert.True(proxy.Requests.Count(r => r.Method == "PATCH") >= 2);
        Assert.Equal(image.ManifestDigest, pulled.Description.ManifestDigest);
    }

    [Fact]
    public async Task Should_Build_The_Same_Docker_Manifest_Every_Time_When_The_Source_Is_A_Docker_Archive()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "archive");
        var archive = Path.Combine(_folder, "image.tar");
        SyntheticImage.WriteDockerArchive(image, archive);
        var options = RegistryPullTests.Options(registry.Host);

        var pushed = await ImageCopier.CopyAsync($"docker-archive:{archive}", $"registry:{registry.Host}/push/archive:1", ImageSelector.Default, options, CancellationToken.None);
        var again = await ImageCopier.CopyAsync($"docker-archive:{archive}", $"oci-dir:{Path.Combine(_folder, "again")}:x", ImageSelector.Default, options, CancellationToken.None);
        using var pulled = await RegistryImageSource.OpenAsync(SourceSpec.Parse($"registry:{registry.Host}/push/archive:1"), ImageSelector.Default, options, CancellationToken.None);
        await RegistryPullTests.ReadAllLayersAsync(pulled);

        Assert.Equal(pushed.ManifestDigest, again.ManifestDigest);
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", pulled.Description.ManifestMediaType);
        Assert.All(pulled.Description.Layers, l => Assert.Equal("application/vnd.docker.image.rootfs.diff.tar", l.MediaType));
        Assert.Equal(image.Layers.Select(l => l.DiffId), pulled.Description.Layers.Select(l => l.Digest));
    }

    [Fact]
    public async Task Should_Copy_Byte_For_Byte_When_Writing_A_Registry_Image_To_An_Oci_Layout_And_Archive()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "toLayout");
        await RegistryImages.PushAsync(image, registry, "push/layout:1");
        var options = RegistryPullTests.Options(registry.Host);
        var layout = Path.Combine(_folder, "out");
        var archive = Path.Combine(_folder, "out.tar");

        var toDir = await ImageCopier.CopyAsync($"registry:{registry.Host}/push/layout:1", $"oci-dir:{layout}:v1", ImageSelector.Default, options, CancellationToken.None);
        await ImageCopier.CopyAsync($"registry:{registry.Host}/push/layout:1", $"oci-archive:{archive}:v1", ImageSelector.Default, options, CancellationToken.None);
        using var fromDir = ImageOpener.OpenLocal(SourceSpec.Parse($"oci-dir:{layout}"), new ImageSelector("v1"));
        using var fromArchive = ImageOpener.OpenLocal(SourceSpec.Parse($"oci-archive:{archive}"), ImageSelector.Default);
        await RegistryPullTests.ReadAllLayersAsync(fromArchive);

        Assert.Equal(image.Manifest, File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", toDir.ManifestDigest.Hex)));
        Assert.Equal(image.ManifestDigest, fromDir.Description.ManifestDigest);
        Assert.Equal(image.ManifestDigest, fromArchive.Description.ManifestDigest);
    }

    [Fact]
    public async Task Should_Push_With_A_Push_Scoped_Token_When_The_Registry_Uses_Token_Auth()
    {
        var (registry, issuer) = await registries.TokenAsync();
        var image = RegistryImages.Small(marker: "tokenpush");
        var layout = Path.Combine(_folder, "token");
        SyntheticImage.WriteOciLayout(image, layout);
        var options = RegistryPullTests.Options(registry.Host, new RegistryCredential(LocalRegistry.Username, LocalRegistry.Password));

        var result = await ImageCopier.CopyAsync($"oci-dir:{layout}", $"registry:{registry.Host}/push/token:1", ImageSelector.Default, options, CancellationToken.None);
        var tags = await RegistryTags.ListAsync($"{registry.Host}/push/token", options, CancellationToken.None);

        Assert.Equal(image.ManifestDigest, result.ManifestDigest.ToString());
        Assert.Equal(["1"], tags);
        Assert.Contains(issuer.RequestedScopes, s => s.Contains("repository:push/token:pull,push", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_Trust_The_Registry_Certificate_Only_When_Its_CA_Is_Given()
    {
        var registry = await registries.TlsAsync();
        var image = RegistryImages.Small(marker: "tls");
        var layout = Path.Combine(_folder, "tls");
        SyntheticImage.WriteOciLayout(image, layout);
        var trusting = new RegistryOptions { CaFile = registry.CaFile, DockerConfigPath = "/nonexistent/config.json" };

        var pushed = await ImageCopier.CopyAsync($"oci-dir:{layout}", $"registry:{registry.Host}/push/tls:1", ImageSelector.Default, trusting, CancellationToken.None);
        using var pulled = await RegistryImageSource.OpenAsync(SourceSpec.Parse($"registry:{registry.Host}/push/tls:1"), ImageSelector.Default, trusting, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<EnvironmentException>(() => RegistryImageSource.OpenAsync(SourceSpec.Parse($"registry:{registry.Host}/push/tls:1"),
            ImageSelector.Default, new RegistryOptions { DockerConfigPath = "/nonexistent/config.json" }, CancellationToken.None));

        Assert.Equal(image.ManifestDigest, pushed.ManifestDigest.ToString());
        Assert.Equal(image.ManifestDigest, pulled.Description.ManifestDigest);
        Assert.Contains("TLS connection failed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--ca-file", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Refuse_A_Digest_Destination_When_It_Differs_From_The_Manifest()
    {
        var registry = await registries.PlainAsync();
        var image = RegistryImages.Small(marker: "wrongdigest");
        var layout = Path.Combine(_folder, "wrong");
        SyntheticImage.WriteOciLayout(image, layout);
        var other = "sha256:" + new string('0', 64);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => ImageCopier.CopyAsync($"oci-dir:{layout}", $"registry:{registry.Host}/push/wrong@{other}",
            ImageSelector.Default, RegistryPullTests.Options(registry.Host), CancellationToken.None));

        Assert.Contains(image.ManifestDigest, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dir:/tmp")]
    [InlineData("oci-dir:")]
    [InlineData("just-a-word")]
    public void Should_Reject_With_A_Clear_Message_When_The_Destination_Is_Not_Writable_Image_Storage(string destination)
    {
        var error = Assert.Throws<InvalidInputException>(() => CopyDestination.Parse(destination));

        Assert.Contains(destination, error.Message, StringComparison.Ordinal);
    }
}
