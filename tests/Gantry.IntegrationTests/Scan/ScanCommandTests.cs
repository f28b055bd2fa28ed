using System.Text.Json.Nodes;
using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Schemas;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.IntegrationTests.Scan;

[Slow(SlowBecause.CorpusDatabase)]
public sealed class ScanCommandTests : IDisposable
{
    private const string Installed =
        "P:musl\nV:1.1.22-r2\nA:x86_64\no:musl\nL:MIT\n\n"
        + "P:busybox\nV:1.30.1-r1\nA:x86_64\no:busybox\nL:GPL-2.0\n\n"
        + "P:libcrypto1.1\nV:1.1.1c-r0\nA:x86_64\no:openssl\nL:OpenSSL\n\n";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gantry-scan-test-");
    private readonly string _image;

    public ScanCommandTests()
    {
        _image = Path.Combine(_folder.FullName, "image.tar");
        var image = new SyntheticImage()
            .Layer(l => l.File("etc/alpine-release", "3.10.4\n").File("lib/apk/db/installed", Installed), "ADD alpine-minirootfs-3.10.4.tar.gz /")
            .Layer(l => l.File("usr/lib/python3.7/site-packages/PyYAML-5.3.dist-info/METADATA", "Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.3\n")
                .File("usr/lib/python3.7/site-packages/py-1.11.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: py\nVersion: 1.11.0\n")
                .File("usr/lib/python3.7/site-packages/apache_skywalking-0.3.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: apache-skywalking\nVersion: 0.3.0\n"), "RUN pip install pyyaml==5.3 py==1.11.0")
            .Build();
        SyntheticImage.WriteDockerArchive(image, _image);
    }

    [Fact]
    public async Task Should_Report_Distro_And_Python_Findings_With_Their_Layer_When_Scanning_To_Json()
    {
        var result = await CliHarness.RunAsync("scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "--base-layers", "1", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        var musl = Assert.Single(findings, f => (string?)f!["vulnerability"]!["id"] == "CVE-2019-14697")!;
        Assert.Equal("musl", (string?)musl["package"]!["name"]);
        Assert.Equal("alpine:3.10", (string?)musl["match"]!["namespace"]);
        Assert.Equal("ADD alpine-minirootfs-3.10.4.tar.gz /", (string?)musl["layer"]!["createdBy"]);
        Assert.True((bool)musl["layer"]!["base"]!);
        Assert.Equal(["1.1.22-r3"], musl["fix"]!["versions"]!.AsArray().Select(v => (string)v!));
        var py = Assert.Single(findings, f => (string?)f!["vulnerability"]!["id"] == "PYSEC-2022-42969")!;
        Assert.Equal("RUN pip install pyyaml==5.3 py==1.11.0", (string?)py["layer"]!["createdBy"]);
        Assert.False((bool)py["layer"]!["base"]!);
        Assert.Contains(findings, f => (string?)f!["package"]!["name"] == "libcrypto1.1" && (string?)f["match"]!["type"] == "exact-indirect-match");
    }

    [Fact]
    public async Task Should_List_The_Fake_Aws_Keys_Redacted_With_Their_Layer_When_Sbom_And_Scan_Read_The_Real_Image()
    {
        var image = await RealDebianImage.GetAsync();
        var keys = File.ReadAllLines(Path.Combine(image.Directory, "app", ".env")).Select(l => l.Split('=', 2)[1]).ToList();
        string Output(string name) => Path.Combine(_folder.FullName, name);
        var source = "docker-archive:" + image.DockerArchive;

        var sbom = await CliHarness.RunAsync("sbom", source, "-o", "json", "-o", "table=" + Output("sbom.txt"), "-o", "cyclonedx-json=" + Output("sbom.cdx.json"), "-o", "spdx-json=" + Output("sbom.spdx.json"));
        var scan = await CliHarness.RunAsync("scan", source, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "-o", "json", "-o", "table=" + Output("scan.txt"), "-o", "sarif=" + Output("scan.sarif"));

        Assert.Equal((0, 0), (sbom.ExitCode, scan.ExitCode));
        var appLayer = (string?)JsonNode.Parse(sbom.Stdout)!["source"]!["layers"]!.AsArray().Single(l => (string?)l!["createdBy"] == "COPY app /app")!["diffId"];
        foreach (var document in new[] { sbom.Stdout, scan.Stdout })
        {
            var secrets = JsonNode.Parse(document)!["secrets"]!.AsArray();
            var accessKey = Assert.Single(secrets, s => (string?)s!["path"] == "/app/.env" && (string?)s["ruleId"] == "AWS_ACCESS_KEY")!;
            Assert.Equal((appLayer, 1, "file", "high"), ((string?)accessKey["layerDiffId"], (int)accessKey["line"]!, (string?)accessKey["source"], (string?)accessKey["severity"]));
            Assert.Equal(keys[0][..4] + new string('*', keys[0].Length - 4), (string?)accessKey["match"]);
            Assert.Contains(secrets, s => (string?)s!["path"] == "/app/example.env");
        }

        foreach (var table in new[] { File.ReadAllText(Output("sbom.txt")), File.ReadAllText(Output("scan.txt")) })
        {
            Assert.Matches(@"SECRETS \(\d+\)", table);
            Assert.Matches(@"AWS_ACCESS_KEY +high +/app/\.env +1 +2 [0-9a-f]{12} +AKIA\*{16}", table);
        }

        var everything = string.Concat([sbom.Stdout, sbom.Stderr, scan.Stdout, scan.Stderr, .. Directory.GetFiles(_folder.FullName).Select(File.ReadAllText)]);
        Assert.All(keys, key => Assert.DoesNotContain(key[4..], everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_Write_Valid_Sarif_And_CycloneDx_When_Both_Are_Requested()
    {
        var sarif = Path.Combine(_folder.FullName, "scan.sarif");
        var cyclonedx = Path.Combine(_folder.FullName, "scan.cdx.json");

        var result = await CliHarness.RunAsync("scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale",
            "-o", "sarif=" + sarif, "-o", "cyclonedx-json=" + cyclonedx, "-o", "table");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Summary:", result.Stdout);
        Assert.Empty(await SchemaValidator.ValidateAsync(await File.ReadAllTextAsync(sarif), SchemaValidator.Sarif210));
        var bom = await File.ReadAllTextAsync(cyclonedx);
        Assert.Empty(await SchemaValidator.ValidateAsync(bom, SchemaValidator.CycloneDx16));
        Assert.Contains("CVE-2019-14697", bom);
        Assert.Contains("CVE-2019-14697", await File.ReadAllTextAsync(sarif));
    }

    [Fact]
    public async Task Should_Fail_The_Gate_Unless_The_Findings_Are_Ignored_When_Fail_On_Is_Given()
    {
        var ignore = Path.Combine(_folder.FullName, "ignore.yaml");
        await File.WriteAllTextAsync(ignore,
            "ignore:\n  - fix-state: fixed\n    reason: patched in the next release\n"
            + "  - fix-state: not-fixed\n    reason: no fix yet\n"
            + "  - package:\n      type: python\n    reason: accepted\n"
            + "  - vulnerability: CVE-2019-5747\n    reason: old rule\n    expires: 2020-01-01\n");

        // PYSEC-2020-342 (apache-skywalking) is rated critical (CVSS 9.8); the distro records carry no rating here.
        var failing = await CliHarness.RunAsync("scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "--fail-on", "high", "-o", "json");
        var ignored = await CliHarness.RunAsync("scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "--fail-on", "high",
            "--ignore", ignore, "-o", "json");

        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("--fail-on high", failing.Stderr);
        Assert.Equal(0, ignored.ExitCode);
        Assert.Contains("rule 4", ignored.Stderr);
        Assert.Contains("expired", ignored.Stderr);
        var findings = JsonNode.Parse(ignored.Stdout)!["findings"]!.AsArray();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("ignore-rule", (string?)f!["ignored"]?["by"]));
    }

    [Fact]
    public async Task Should_Suppress_With_The_Justification_When_A_Vex_Statement_Says_Not_Affected()
    {
        var vex = Path.Combine(_folder.FullName, "app.openvex.json");
        var document = """
            {
              "@context": "https://openvex.dev/ns/v0.2.0",
              "@id": "https://example.com/vex/2024-001",
              "author": "Gantry tests",
              "timestamp": "2024-05-01T00:00:00Z",
              "version": 1,
              "statements": [
                {
                  "vulnerability": { "name": "CVE-2019-14697" },
                  "products": [ { "@id": "pkg:oci/app", "subcomponents": [ { "@id": "pkg:apk/alpine/musl" } ] } ],
                  "status": "not_affected",
                  "justification": "vulnerable_code_not_in_execute_path",
                  "impact_statement": "x87 code path never used"
                }
              ]
            }
            """;
        await File.WriteAllTextAsync(vex, document);
        Assert.Empty(await ValidateOpenVexAsync(document));

        var result = await CliHarness.RunAsync("scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale", "--vex", vex, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var musl = Assert.Single(JsonNode.Parse(result.Stdout)!["findings"]!.AsArray(), f => (string?)f!["vulnerability"]!["id"] == "CVE-2019-14697")!;
        Assert.Equal("vex", (string?)musl["ignored"]!["by"]);
        Assert.Contains("vulnerable_code_not_in_execute_path", (string?)musl["ignored"]!["rule"]);
    }

    [Fact]
    public async Task Should_Exit_3_When_The_Database_Is_Older_Than_The_Maximum_Age()
    {
        var twoDaysAfterTheBuild = ClockAfterTheDatabaseBuild(TimeSpan.FromDays(2));

        var result = await CliHarness.RunAsync(twoDaysAfterTheBuild, "scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--db-max-age", "1d");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("built 2 days ago", result.Stderr);
        Assert.Contains("--allow-stale", result.Stderr);
    }

    [Fact]
    public async Task Should_Scan_When_The_Database_Is_Younger_Than_The_Maximum_Age()
    {
        var twoDaysAfterTheBuild = ClockAfterTheDatabaseBuild(TimeSpan.FromDays(2));

        var result = await CliHarness.RunAsync(twoDaysAfterTheBuild, "scan", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--db-max-age", "3d", "-o", "json");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Should_Show_The_Range_And_Comparison_When_Explaining_A_Match()
    {
        var result = await CliHarness.RunAsync("explain", "CVE-2019-14697", "docker-archive:" + _image, "--db", CorpusVulnerabilityDatabase.Path, "--allow-stale");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("alpine:3.10", result.Stdout);
        Assert.Contains("1.1.22-r2 < fixed 1.1.22-r3", result.Stdout);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A clock set <paramref name="age"/> after the corpus database was built, whenever that was.</summary>
    private static FakeTimeProvider ClockAfterTheDatabaseBuild(TimeSpan age) =>
        new(VulnerabilityDatabase.ReadMetadata(CorpusVulnerabilityDatabase.Path).Built!.Value + age);

    /// <summary>NJsonSchema resolves draft-2020 "$defs" references only under the older name "definitions".</summary>
    private static async Task<ICollection<NJsonSchema.Validation.ValidationError>> ValidateOpenVexAsync(string document)
    {
        var schemaText = await File.ReadAllTextAsync(Path.Combine(TestKit.SharedPaths.Schemas, SchemaValidator.OpenVex));
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(schemaText.Replace("$defs", "definitions", StringComparison.Ordinal));
        return schema.Validate(document);
    }
}
