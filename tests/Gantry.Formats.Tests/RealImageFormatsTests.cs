using Gantry.Core;
using Gantry.Engine;
using Gantry.TestKit.Images;
using Gantry.TestKit.Schemas;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests;

/// <summary>The whole pipeline on the real Debian 12 image: both formats validate, repeat byte for byte, and read back as sbom: sources.</summary>
public sealed class RealImageFormatsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-formats-real-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Should_ValidateRepeatAndReadBack_When_WritingRealDebianImage()
    {
        var image = await RealDebianImage.GetAsync();
        var sbom = await new SbomGenerator().GenerateAsync("docker-archive:" + image.DockerArchive, SbomOptions.Default, null, CancellationToken.None);
        Assert.NotEmpty(sbom.Packages);

        var cyclonedx = WriteCycloneDx(sbom, null, Monday);
        var spdx = WriteSpdx(sbom, Monday);

        Assert.Empty(await SchemaValidator.ValidateAsync(cyclonedx, SchemaValidator.CycloneDx16));
        Assert.Empty(await SchemaValidator.ValidateAsync(spdx, SchemaValidator.Spdx23));
        Assert.Equal(WithoutTimestamps(cyclonedx), WithoutTimestamps(WriteCycloneDx(sbom, null, Friday)));
        Assert.Equal(WithoutTimestamps(spdx), WithoutTimestamps(WriteSpdx(sbom, Friday)));
        foreach (var (name, content) in new[] { ("bom.cdx.json", cyclonedx), ("bom.spdx.json", spdx) })
        {
            var path = Path.Combine(_folder, name);
            await File.WriteAllTextAsync(path, content);

            var read = await new SbomGenerator().GenerateAsync("sbom:" + path, SbomOptions.Default, null, CancellationToken.None);

            Assert.Equal(sbom.Packages.Select(Key).Order(StringComparer.Ordinal), read.Packages.Select(Key).Order(StringComparer.Ordinal));
            Assert.Equal(sbom.Distro?.Id, read.Distro?.Id);
            Assert.Equal(sbom.Source.Layers.Select(l => l.DiffId), read.Source.Layers.Select(l => l.DiffId));
        }
    }

    private static string Key(Package p) => $"{p.Id} {p.Purl} {p.LayerDiffId} {string.Join(",", p.Licenses)}";
}
