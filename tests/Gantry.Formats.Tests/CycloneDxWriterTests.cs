using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.TestKit.Schemas;
using static Gantry.Formats.Tests.OutputAssertions;

namespace Gantry.Formats.Tests;

public class CycloneDxWriterTests
{
    [Fact]
    public async Task Should_ValidateAgainstCycloneDx16Schema_When_WritingPackagesAndFindings()
    {
        var sbom = SampleSboms.Realistic();

        var json = WriteCycloneDx(sbom, SampleSboms.Findings(sbom), Monday);

        Assert.Empty(await SchemaValidator.ValidateAsync(json, SchemaValidator.CycloneDx16));
    }

    [Fact]
    public void Should_ProduceSameBytesApartFromTimestamp_When_WrittenTwiceFromShuffledInput()
    {
        var sbom = SampleSboms.Realistic();
        var shuffled = sbom with { Packages = sbom.Packages.Reverse().ToList(), Relationships = sbom.Relationships.Reverse().ToList() };

        var first = WriteCycloneDx(sbom, SampleSboms.Findings(sbom), Monday);
        var second = WriteCycloneDx(shuffled, SampleSboms.Findings(sbom).Reverse().ToList(), Friday);

        Assert.NotEqual(first, second);
        Assert.Equal(WithoutTimestamps(first), WithoutTimestamps(second));
        Assert.Equal(first, WriteCycloneDx(sbom, SampleSboms.Findings(sbom), Monday));
    }

    [Fact]
    public void Should_DescribeImageAndDistro_When_WritingMetadata()
    {
        var doc = JsonNode.Parse(WriteCycloneDx(SampleSboms.Realistic(), null, Monday))!;

        Assert.Equal("2024-03-04T10:00:00Z", (string?)doc["metadata"]!["timestamp"]);
        Assert.Equal("gantry", (string?)doc["metadata"]!["tools"]!["components"]![0]!["name"]);
        var image = doc["metadata"]!["component"]!;
        Assert.Equal("container", (string?)image["type"]);
        Assert.Equal("registry.example.com/team/app", (string?)image["name"]);
        Assert.Equal(SampleSboms.ManifestDigest, (string?)image["version"]);
        Assert.Equal(SampleSboms.ManifestDigest[7..], (string?)image["hashes"]![0]!["content"]);
        Assert.Contains(Properties(image), p => p == ("gantry:image:layer:1:diffId", SampleSboms.AppLayer));
        var os = doc["components"]!.AsArray().Single(c => (string?)c!["type"] == "operating-system")!;
        Assert.Equal(("debian", "12"), ((string?)os["name"], (string?)os["version"]));
        Assert.Null(doc["vulnerabilities"]);
    }

    [Fact]
    public void Should_CarryLayerLocationsLicensesAndOwnership_When_WritingComponents()
    {
        var sbom = SampleSboms.Realistic();
        var doc = JsonNode.Parse(WriteCycloneDx(sbom, null, Monday))!;
        var components = doc["components"]!.AsArray().Where(c => (string?)c!["type"] != "operating-system").ToList();

        Assert.Equal(sbom.Packages.Select(p => p.Id).Order(StringComparer.Ordinal), components.Select(c => (string)c!["bom-ref"]!).Order(StringComparer.Ordinal));
        var pyyaml = components.Single(c => (string?)c!["name"] == "PyYAML")!;
        var owner = sbom.Packages.Single(p => p.Name == "python3-yaml").Id;
        Assert.Equal("pkg:pypi/pyyaml@6.0", (string?)pyyaml["purl"]);
        Assert.Equal("library", (string?)pyyaml["type"]);
        Assert.Contains(("gantry:layer:diffId", SampleSboms.AppLayer), Properties(pyyaml));
        Assert.Contains(("gantry:location:0:path", "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA"), Properties(pyyaml));
        Assert.Contains(("gantry:ownedBy", owner), Properties(pyyaml));
        Assert.Equal("/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA", (string?)pyyaml["evidence"]!["occurrences"]![0]!["location"]);

        var bash = components.Single(c => (string?)c!["name"] == "bash")!;
        Assert.Equal(["name:GPL-3+", "id:GPL-3.0-or-later"], bash["licenses"]!.AsArray().Select(l => l!["license"]!["id"] is { } id ? "id:" + id : "name:" + l["license"]!["name"]));
        Assert.Contains(("gantry:metadata:sourceName", "bash"), Properties(bash));
        var libssl = components.Single(c => (string?)c!["name"] == "libssl3")!;
        Assert.Equal("cpe:2.3:a:libssl3:libssl3:3.0.11-1~deb12u2:*:*:*:*:*:*:*", (string?)libssl["cpe"]);
        Assert.Contains(("gantry:cpe23", "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*"), Properties(libssl));
        var jackson = components.Single(c => (string?)c!["name"] == "jackson-core")!;
        Assert.Equal("Apache-2.0 OR MIT", (string?)jackson["licenses"]![0]!["expression"]);
        Assert.Equal("application", (string?)components.Single(c => (string?)c!["name"] == "node")!["type"]);
    }

    [Fact]
    public void Should_TurnDependencyOfIntoDependsOn_When_WritingDependencies()
    {
        var sbom = SampleSboms.Realistic();
        var doc = JsonNode.Parse(WriteCycloneDx(sbom, null, Monday))!;
        var id = (string name) => sbom.Packages.Single(p => p.Name == name).Id;

        var dependencies = doc["dependencies"]!.AsArray().ToDictionary(d => (string)d!["ref"]!, d => d!["dependsOn"]!.AsArray().Select(x => (string)x!).ToList());

        Assert.Equal(2, dependencies.Count);
        Assert.Equal([id("semver")], dependencies[id("@babel/core")]);
        Assert.Equal([id("libssl3")], dependencies[id("python3-yaml")]);
    }

    [Fact]
    public void Should_WriteRatingsAffectsAnalysisAndFixes_When_FindingsGiven()
    {
        var sbom = SampleSboms.Realistic();
        var doc = JsonNode.Parse(WriteCycloneDx(sbom, SampleSboms.Findings(sbom), Monday))!;
        var vulnerabilities = doc["vulnerabilities"]!.AsArray();

        Assert.Equal(["CVE-2023-5678", "GHSA-c2qf-rxjj-qqgw"], vulnerabilities.Select(v => (string)v!["id"]!));
        var cve = vulnerabilities[0]!;
        Assert.Equal("debian-tracker", (string?)cve["source"]!["name"]);
        Assert.Equal(sbom.Packages.Single(p => p.Name == "libssl3").Id, (string?)cve["affects"]![0]!["ref"]);
        var cvss = cve["ratings"]!.AsArray().Single(r => (string?)r!["method"] == "CVSSv31")!;
        Assert.Equal((5.3, "medium", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"), ((double)cvss["score"]!, (string?)cvss["severity"], (string?)cvss["vector"]));
        Assert.Equal([754], cve["cwes"]!.AsArray().Select(c => (int)c!));
        Assert.Equal(["https://security-tracker.debian.org/tracker/CVE-2023-5678"], cve["advisories"]!.AsArray().Select(a => (string)a!["url"]!));
        Assert.Equal(("in_triage", "update"), ((string?)cve["analysis"]!["state"], (string?)cve["analysis"]!["response"]![0]));
        Assert.Contains(("gantry:fixedVersion", "3.0.13-1~deb12u1"), Properties(cve));
        Assert.Contains(("gantry:matchType", "exact-indirect-match"), Properties(cve));
        var ghsa = vulnerabilities[1]!;
        Assert.Equal(("CVE-2022-25883", "NVD"), ((string?)ghsa["references"]![0]!["id"], (string?)ghsa["references"]![0]!["source"]!["name"]));
        Assert.Equal("can_not_fix", (string?)ghsa["analysis"]!["response"]![0]);
        Assert.Equal("high", (string?)ghsa["ratings"]![0]!["severity"]);
    }

    [Fact]
    public async Task Should_MarkUnreachableGoFindingsNotAffected_When_TheBinaryDoesNotLinkTheCode()
    {
        var sbom = SampleSboms.Realistic();
        var xnet = sbom.Packages.Single(p => p.Name == "golang.org/x/net");
        Finding Go(string id, ReachabilityState state, string reason) => new()
        {
            Vulnerability = new Vulnerability { Id = id, Severity = Severity.High, Source = "osv" },
            Package = xnet,
            FixedVersions = ["0.23.0"],
            FixState = FixState.Fixed,
            MatchType = "exact-direct-match",
            Matcher = "go-module-matcher",
            Namespace = "Go",
            Reachability = new Reachability(state, reason),
        };

        var json = WriteCycloneDx(sbom, [Go("GO-2024-2687", ReachabilityState.Unreachable, "golang.org/x/net/http2 is not linked"),
            Go("GO-2023-2102", ReachabilityState.Reachable, "golang.org/x/net/http2.Server.ServeConn is linked")], Monday);

        Assert.Empty(await SchemaValidator.ValidateAsync(json, SchemaValidator.CycloneDx16));
        var vulnerabilities = JsonNode.Parse(json)!["vulnerabilities"]!.AsArray();
        var unreachable = vulnerabilities.Single(v => (string?)v!["id"] == "GO-2024-2687")!["analysis"]!;
        var reachable = vulnerabilities.Single(v => (string?)v!["id"] == "GO-2023-2102")!;
        Assert.Equal(("not_affected", "code_not_reachable", "golang.org/x/net/http2 is not linked"),
            ((string?)unreachable["state"], (string?)unreachable["justification"], (string?)unreachable["detail"]));
        Assert.Equal("in_triage", (string?)reachable["analysis"]!["state"]);
        Assert.Contains(("gantry:reachability", "reachable"), Properties(reachable));
    }

    private static List<(string, string)> Properties(JsonNode node) =>
        node["properties"]!.AsArray().Select(p => ((string)p!["name"]!, (string)p["value"]!)).ToList();
}
