using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Native;
using Gantry.Formats.Readers;
using Gantry.TestKit;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests;

public sealed class SbomDocumentReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gantry-formats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Formats => new() { "json", "cyclonedx-json", "spdx-json" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Should_RestorePackagesLayersDistroAndRelationships_When_ReadingGantryOutput(string format)
    {
        var sbom = SampleSboms.Realistic();
        var path = WriteFile(format, format switch
        {
            "json" => Render(s => NativeSbomWriter.Write(sbom, s)),
            "cyclonedx-json" => WriteCycloneDx(sbom, null, Monday),
            _ => WriteSpdx(sbom, Monday),
        });

        var read = SbomDocumentReader.Read(path, "sbom:" + path);

        Assert.Equal(("sbom", "sbom:" + path), (read.Source.Kind, read.Source.Input));
        Assert.Equal((SampleSboms.ManifestDigest, SampleSboms.ConfigDigest), (read.Source.ManifestDigest, read.Source.ConfigDigest));
        Assert.Equal(sbom.Source.Layers, read.Source.Layers);
        Assert.Equal(sbom.Source.Tags, read.Source.Tags);
        Assert.Equal((sbom.Distro!.Id, sbom.Distro.VersionId, sbom.Distro.VersionCodename, sbom.Distro.PrettyName, sbom.Distro.Source),
            (read.Distro?.Id, read.Distro?.VersionId, read.Distro?.VersionCodename, read.Distro?.PrettyName, read.Distro?.Source));
        Assert.Equal(Describe(sbom.Packages), Describe(read.Packages));
        Assert.Equal(Edges(sbom.Relationships), Edges(read.Relationships));
    }

    [Fact]
    public void Should_ReadPackagesAndPurlTypes_When_ReadingOfficialSpdxExample()
    {
        var path = Path.Combine(SharedPaths.Schemas, "spdx", "SPDXJSONExample-v2.3.spdx.json");

        var read = SbomDocumentReader.Read(path, "sbom:example.spdx.json");

        Assert.Equal(4, read.Packages.Count);
        var jena = read.Packages.Single(p => p.Purl is not null);
        Assert.Equal(("apache-jena", "3.12.0", PackageType.JavaArchive), (jena.Name, jena.Version, jena.Type));
        var glibc = read.Packages.Single(p => p.Name == "glibc");
        Assert.Equal(("2.11.1", PackageType.Unknown), (glibc.Version, glibc.Type));
        Assert.Equal(["cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*"], glibc.Cpes);
        Assert.Equal(["(LGPL-2.0-only AND LicenseRef-3)"], glibc.Licenses);
        Assert.Null(read.Distro);
    }

    [Fact]
    public void Should_TakeDistroFromPurlQualifier_When_DocumentHasNoOperatingSystem()
    {
        var sbom = SampleSboms.Realistic() with { Distro = null };
        var path = WriteFile("cdx", WriteCycloneDx(sbom with { Packages = sbom.Packages.Where(p => p.Type == PackageType.Deb).ToList() }, null, Monday));

        var read = SbomDocumentReader.Read(path, "sbom:" + path);

        Assert.Equal(("debian", "12"), (read.Distro?.Id, read.Distro?.VersionId));
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"bomFormat\": \"SWID\"}", "not a Gantry, CycloneDX or SPDX 2.x JSON document")]
    public void Should_FailWithMessageNamingInput_When_DocumentIsNotAnSbom(string content, string message)
    {
        var path = WriteFile("bad", content);

        var ex = Assert.Throws<InvalidInputException>(() => SbomDocumentReader.Read(path, "sbom:bad.json"));

        Assert.StartsWith("sbom:bad.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_FailWithMessage_When_FileIsMissing()
    {
        var ex = Assert.Throws<InvalidInputException>(() => SbomDocumentReader.Read(Path.Combine(_folder, "none.json"), "sbom:none.json"));

        Assert.Equal("sbom:none.json: file not found", ex.Message);
    }

    [Fact]
    public void Should_SkipNamelessComponentsWithDiagnostic_When_ReadingCycloneDx()
    {
        var path = WriteFile("cdx", JsonSerializer.Serialize(new
        {
            bomFormat = "CycloneDX",
            specVersion = "1.4",
            components = new object[] { new { type = "library", version = "1" }, new { type = "library", name = "left-pad", version = "1.3.0", purl = "pkg:npm/left-pad@1.3.0" } },
        }));

        var read = SbomDocumentReader.Read(path, "sbom:x");

        Assert.Equal(("left-pad", PackageType.Npm), (read.Packages.Single().Name, read.Packages.Single().Type));
        Assert.Equal(DiagnosticCodes.MalformedPackageEntry, read.Diagnostics.Single().Code);
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name + ".json");
        File.WriteAllText(path, content);
        return path;
    }

    private static List<string> Describe(IEnumerable<Package> packages) => packages
        .Select(p => string.Join(" | ", p.Id, p.Type, p.Purl?.ToString(), p.FoundBy, p.LayerDiffId,
            string.Join(",", p.Locations), string.Join(",", p.Licenses), string.Join(",", p.Cpes),
            string.Join(",", p.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static List<Relationship> Edges(IEnumerable<Relationship> relationships) =>
        relationships.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal).ToList();
}
