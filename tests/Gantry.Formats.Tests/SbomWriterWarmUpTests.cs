using System.Text.Json;
using Gantry.Formats.CycloneDx;
using Gantry.Formats.Native;
using Gantry.Formats.Readers;
using Gantry.Formats.Spdx;
using Gantry.TestKit.Schemas;

namespace Gantry.Formats.Tests;

/// <summary>The sample the CLI writes to nowhere before the real SBOM: every writer takes it, and what they write is valid.</summary>
public class SbomWriterWarmUpTests
{
    [Fact]
    public async Task Should_WriteValidCycloneDxAndSpdx_When_GivenTheWarmUpSample()
    {
        var sample = SbomWriterWarmUp.Sample;

        var cycloneDx = OutputAssertions.Render(s => CycloneDxWriter.Write(sample, null, s, OutputAssertions.Monday));
        var spdx = OutputAssertions.Render(s => SpdxWriter.Write(sample, s, OutputAssertions.Monday));

        Assert.Empty(await SchemaValidator.ValidateAsync(cycloneDx, SchemaValidator.CycloneDx16));
        Assert.Empty(await SchemaValidator.ValidateAsync(spdx, SchemaValidator.Spdx23));
    }

    [Fact]
    public void Should_ReadBackEveryPart_When_TheSampleIsWrittenAsNativeJson()
    {
        var sample = SbomWriterWarmUp.Sample;

        using var document = JsonDocument.Parse(OutputAssertions.Render(s => NativeSbomWriter.Write(sample, s)));
        var read = SbomDocumentReader.Read(document.RootElement, "warm-up");

        var package = Assert.Single(read.Packages);
        Assert.Equal(sample.Packages[0].Purl!.ToString(), package.Purl?.ToString());
        Assert.Equal(sample.Packages[0].Files, package.Files);
        Assert.Single(read.Relationships);
        Assert.Single(read.Secrets);
        Assert.Equal(sample.Distro!.Id, read.Distro?.Id);
        Assert.Equal(sample.Distro.IdLike, read.Distro!.IdLike);
    }
}
