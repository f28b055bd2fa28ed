using System.Text.Json.Nodes;
using Gantry.Formats.Common;
using Gantry.Formats.Spdx;
using Gantry.TestKit.Schemas;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests;

public class SpdxWriterTests
{
    [Fact]
    public async Task Should_ValidateAgainstSpdx23Schema_When_WritingRealisticSbom()
    {
        var json = WriteSpdx(SampleSboms.Realistic(), Monday);

        Assert.Empty(await SchemaValidator.ValidateAsync(json, SchemaValidator.Spdx23));
    }

    [Fact]
    public void Should_ProduceSameBytesApartFromTimestamp_When_WrittenTwiceFromShuffledInput()
    {
        var sbom = SampleSboms.Realistic();
        var shuffled = sbom with { Packages = sbom.Packages.Reverse().ToList(), Relationships = sbom.Relationships.Reverse().ToList() };

        var first = WriteSpdx(sbom, Monday);
        var second = WriteSpdx(shuffled, Friday);

        Assert.NotEqual(first, second);
        Assert.Equal(WithoutTimestamps(first), WithoutTimestamps(second));
    }

    [Fact]
    public void Should_DeriveNamespaceFromImageDigest_When_WritingDocument()
    {
        var doc = JsonNode.Parse(WriteSpdx(SampleSboms.Realistic(), Monday))!;
        var other = JsonNode.Parse(WriteSpdx(SampleSboms.Realistic("sha256:" + new string('e', 64)), Monday))!;

        // uuid.uuid5(uuid.NAMESPACE_URL, "sha256:abab…") in Python.
        Assert.Equal("https://gantry.dev/spdx/registry.example.com%2Fteam%2Fapp-9cee660b-b2ca-516a-b8b5-88e6d2e104a0", (string?)doc["documentNamespace"]);
        Assert.NotEqual((string?)doc["documentNamespace"], (string?)other["documentNamespace"]);
        Assert.Equal("2024-03-04T10:00:00Z", (string?)doc["creationInfo"]!["created"]);
        Assert.Contains($"Tool: gantry-{ToolInfo.Version}", doc["creationInfo"]!["creators"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void Should_DescribeImageContainPackagesAndKeepOwnership_When_WritingRelationships()
    {
        var sbom = SampleSboms.Realistic();
        var doc = JsonNode.Parse(WriteSpdx(sbom, Monday))!;
        var packages = doc["packages"]!.AsArray();
        var spdxId = (string name) => (string)packages.Single(p => (string?)p!["name"] == name)!["SPDXID"]!;
        var relationships = doc["relationships"]!.AsArray().Select(r => ((string)r!["spdxElementId"]!, (string)r["relationshipType"]!, (string)r["relatedSpdxElement"]!)).ToList();

        Assert.Equal(sbom.Packages.Count + 2, packages.Count);
        Assert.Contains(("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-DocumentRoot-Image"), relationships);
        Assert.Equal(sbom.Packages.Count + 1, relationships.Count(r => r.Item1 == "SPDXRef-DocumentRoot-Image" && r.Item2 == "CONTAINS"));
        Assert.Contains((spdxId("python3-yaml"), "OTHER", spdxId("PyYAML")), relationships);
        Assert.Contains((spdxId("semver"), "DEPENDENCY_OF", spdxId("@babel/core")), relationships);
        Assert.Equal(packages.Count, packages.Select(p => (string)p!["SPDXID"]!).Distinct().Count());
        Assert.All(packages, p => Assert.Matches("^SPDXRef-[A-Za-z0-9.-]+$", (string)p!["SPDXID"]!));
    }

    [Fact]
    public void Should_WriteRefsAnnotationsAndLicenseRefs_When_WritingPackage()
    {
        var doc = JsonNode.Parse(WriteSpdx(SampleSboms.Realistic(), Monday))!;
        var bash = doc["packages"]!.AsArray().Single(p => (string?)p!["name"] == "bash")!;

        Assert.Equal("5.2.15-2+b2", (string?)bash["versionInfo"]);
        Assert.Equal("NOASSERTION", (string?)bash["downloadLocation"]);
        Assert.False((bool)bash["filesAnalyzed"]!);
        Assert.Equal($"LicenseRef-GPL-3--{Hash8("GPL-3+")} AND GPL-3.0-or-later", (string?)bash["licenseDeclared"]);
        var refs = bash["externalRefs"]!.AsArray().Select(r => ((string)r!["referenceType"]!, (string)r["referenceLocator"]!)).ToList();
        Assert.Contains(("purl", "pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2"), refs);
        Assert.Contains(refs, r => r.Item1 == "cpe23Type");
        var comments = bash["annotations"]!.AsArray().Select(a => (string)a!["comment"]!).ToList();
        Assert.Contains($"gantry:layer:diffId={SampleSboms.BaseLayer}", comments);
        Assert.Contains("gantry:location:0:path=/var/lib/dpkg/status", comments);
        var extracted = doc["hasExtractedLicensingInfos"]!.AsArray().Select(l => ((string)l!["licenseId"]!, (string)l["name"]!)).ToList();
        Assert.Contains(("LicenseRef-GPL-3--" + Hash8("GPL-3+"), "GPL-3+"), extracted);
        Assert.Contains(("LicenseRef-BSD-like-license-" + Hash8("BSD-like license"), "BSD-like license"), extracted);
        var os = doc["packages"]!.AsArray().Single(p => (string?)p!["primaryPackagePurpose"] == "OPERATING_SYSTEM")!;
        Assert.Equal(("debian", "12"), ((string?)os["name"], (string?)os["versionInfo"]));
    }

    private static string Hash8(string value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..8];
}
