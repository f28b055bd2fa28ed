using Gantry.Core;
using Gantry.Engine;
using Gantry.TestKit.Images;
using Gantry.TestKit.Schemas;
using Gantry.TestKit.Traits;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests;

/// <summary>
/// The whole pipeline on the real images (the Debian 12 test image, and the application image with apt-installed
/// language packages read with <c>--scope all-layers</c>): both formats validate, repeat byte for byte apart from the
/// timestamp, and read back as <c>sbom:</c> sources with layers, ownership and removals intact.
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed class RealImageFormatsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-formats-real-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("debian12")]
    [InlineData("app-all-layers")]
    public async Task Should_ValidateRepeatAndReadBack_When_WritingRealImage(string image)
    {
        var sbom = image == "debian12"
            ? await new SbomGenerator().GenerateAsync("docker-archive:" + (await RealDebianImage.GetAsync()).DockerArchive, SbomOptions.Default, null, CancellationToken.None)
            : await new SbomGenerator().GenerateAsync("oci-archive:" + (await RealAppImage.GetAsync()).OciArchive, new SbomOptions { Scope = SbomScope.AllLayers }, null,
                CancellationToken.None);
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
            Assert.Equal(Ownership(sbom), Ownership(read));
        }
    }

    private static List<string> Ownership(Sbom sbom) => sbom.Relationships.Where(r => r.Type == Relationship.OwnershipByFileOverlap)
        .Select(r => $"{r.From} {r.To}").Order(StringComparer.Ordinal).ToList();

    // SPDX license ids are case-insensitive: a gemspec's "ruby" is written as the canonical "Ruby".
    private static string Key(Package p) => $"{p.Id} {p.Purl} {p.LayerDiffId} {p.RemovedByLayerDiffId} {string.Join(",", p.Licenses).ToUpperInvariant()}";
}
