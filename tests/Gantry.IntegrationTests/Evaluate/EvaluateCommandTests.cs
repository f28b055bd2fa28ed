using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Schemas;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Evaluate;

/// <summary>
/// <c>gantry evaluate</c> on the real Debian test image (EXPOSE 22/tcp in its config, a random fake AWS key in
/// <c>/app/.env</c>) with the Anchore bundles of the corpus. Runs without a vulnerability database (<c>--no-db</c>)
/// so the outcome does not depend on the machine's cache.
/// </summary>
[Slow(SlowBecause.RealImage)]
public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly string Policies = Path.Combine(SharedPaths.Corpus, "anchore-policies");
    private readonly string _work = Directory.CreateTempSubdirectory("gantry-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Should_Stop_On_Exposed_Port_22_When_The_Default_Bundle_Evaluates_The_Image()
    {
        var (exit, stdout, _) = await EvaluateAsync(Bundle("anchore_default_bundle.json"), "-o", "json");

        Assert.Equal(ExitCodes.GateFailed, exit);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("stop", (string?)result["final_action"]);
        var exposed = Assert.Single(Rows(result), r => r[3] == "dockerfile" && r[4] == "exposed_ports");
        Assert.Equal("Dockerfile exposes port (22/tcp) which is in policy file DENIEDPORTS list", exposed[5]);
        Assert.Equal("stop", exposed[6]);
    }

    [Fact]
    public async Task Should_Go_When_The_Rows_Are_Allowlisted_By_Trigger_Id()
    {
        // Without a database the default bundle also WARNs (stale feed, no data, no HEALTHCHECK): allowlist every row.
        var (_, before, _) = await EvaluateAsync(Bundle("anchore_default_bundle.json"), "-o", "json");
        var rows = Rows(JsonNode.Parse(before)!);
        var bundle = WriteBundleWithAllowlistItems(rows.Select(r => (r[3], r[2])), expiresOn: null);

        var (exit, stdout, _) = await EvaluateAsync(bundle, "-o", "json");

        Assert.Equal(ExitCodes.Success, exit);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("go", (string?)result["final_action"]);
        var exposed = Assert.Single(Rows(result), r => r[4] == "exposed_ports");
        Assert.Equal("go", exposed[6]);
        Assert.Contains("Global Whitelist", exposed[7], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Stop_Again_When_The_Allowlist_Item_Has_Expired()
    {
        var triggerId = await ExposedPortTriggerIdAsync();
        var bundle = WriteBundleWithAllowlistItems([("dockerfile", triggerId)], expiresOn: "2020-01-01T00:00:00Z");

        var (exit, stdout, _) = await EvaluateAsync(bundle, "-o", "table");

        Assert.Equal(ExitCodes.GateFailed, exit);
        Assert.Contains("expired on 2020-01-01 and no longer applies", stdout, StringComparison.Ordinal);
        Assert.Contains("Final action: STOP", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Decide_As_Evaluate_Does_When_Gate_Gets_The_Same_Image_Bundle_And_Secret_Rules()
    {
        var image = new SyntheticImage { RepoTag = "slack" };
        image.Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("app/.env", "SLACK=xoxb-1234567890-abcdefghij\n"), "COPY .env /app/");
        var layout = Path.Combine(_work, "layout");
        SyntheticImage.WriteOciLayout(image.Build(), layout);
        var source = "oci-dir:" + layout;
        var rules = Path.Combine(_work, "secrets.yaml");
        File.WriteAllText(rules, "rules:\n  - id: slack-token\n    category: Slack\n    title: Slack token\n    severity: CRITICAL\n    regex: (?P<secret>xox[baprs]-[0-9a-zA-Z-]{10,48})\n    keywords: [xox]\n");
        var bundle = WriteBundle(Rule("secret_scans", "content_regex_checks", "STOP"));

        var withAnchoreRules = await CliHarness.RunAsync("evaluate", source, "--policy", bundle, "--no-db", "-o", "table");
        var evaluated = await CliHarness.RunAsync("evaluate", source, "--policy", bundle, "--no-db", "--secret-config", rules, "-o", "table");
        var gated = await CliHarness.RunAsync("gate", source, "--policy", bundle, "--no-db", "--secret-config", rules, "--push", "127.0.0.1:9/never/pushed:1");

        Assert.Equal(ExitCodes.Success, withAnchoreRules.ExitCode);
        Assert.Equal(ExitCodes.GateFailed, evaluated.ExitCode);
        Assert.Contains("xoxb*", evaluated.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.GateFailed, gated.ExitCode);
        Assert.StartsWith(evaluated.Stdout.TrimEnd(), gated.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was pushed", gated.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Report_The_Fake_Aws_Key_Redacted_When_A_Bundle_Has_Secret_Scans()
    {
        var image = await RealDebianImage.GetAsync();
        var key = File.ReadAllLines(Path.Combine(image.Directory, "app", ".env"))[0].Split('=', 2)[1];
        var bundle = WriteBundle(Rule("secret_scans", "content_regex_checks", "STOP", ("content_regex_name", "AWS_ACCESS_KEY")));

        var (exit, stdout, stderr) = await EvaluateAsync(bundle, "-o", "table", "-o", $"json={Path.Combine(_work, "out.json")}", "-o", $"sarif={Path.Combine(_work, "out.sarif")}");

        Assert.Equal(ExitCodes.GateFailed, exit);
        Assert.Matches(@"/app/\.env", stdout);
        var everything = stdout + stderr + File.ReadAllText(Path.Combine(_work, "out.json")) + File.ReadAllText(Path.Combine(_work, "out.sarif"));
        Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(key[4..], everything, StringComparison.Ordinal);
        Assert.Contains("AKIA********", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Account_For_Every_Rule_When_The_All_Rules_Bundle_Is_Evaluated()
    {
        var path = Bundle("bundle-with-all-rules-2020-08-20.json");
        var junitPath = Path.Combine(_work, "result.xml");

        var (exit, stdout, stderr) = await EvaluateAsync(path, "-o", "json", "-o", $"junit={junitPath}");

        Assert.True(exit is ExitCodes.Success or ExitCodes.GateFailed, stderr);
        var ruleIds = JsonNode.Parse(File.ReadAllText(path))!["policies"]!.AsArray()
            .SelectMany(p => p!["rules"]!.AsArray()).Select(r => (string)r!["id"]!).ToList();
        var testCases = XDocument.Load(junitPath).Descendants("testcase").Select(t => (string)t.Attribute("name")!).ToList();
        Assert.All(ruleIds, id => Assert.Contains(testCases, name => name.StartsWith(id + ":", StringComparison.Ordinal)));
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal(38, ruleIds.Count);
        Assert.Contains(Rows(result), r => r[5] == "SUID or SGID found set on file /usr/bin/passwd. Mode: 0o104755");
        Assert.Contains(Rows(result), r => r[5] == "Dockerfile exposes port (22/tcp) which is not in policy file ALLOWEDPORTS list");
        Assert.Contains(Rows(result), r => r[4] == "content_not_available" && r[5].Contains("/etc/httpd.conf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_Write_Well_Formed_JUnit_With_A_Failure_Per_Stop_Row()
    {
        var junitPath = Path.Combine(_work, "result.xml");

        var (exit, _, _) = await EvaluateAsync(Bundle("anchore_default_bundle.json"), "-o", $"junit={junitPath}");

        Assert.Equal(ExitCodes.GateFailed, exit);
        var document = XDocument.Load(junitPath);
        var failures = document.Descendants("failure").ToList();
        Assert.Contains(failures, f => ((string)f.Attribute("message")!).Contains("exposes port (22/tcp)", StringComparison.Ordinal));
        Assert.Equal(failures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)document.Root!.Attribute("failures")!);
        Assert.Contains(document.Descendants("testcase"), t => (string)t.Attribute("name")! == "final_action" && t.Element("failure") is not null);
    }

    [Fact]
    public async Task Should_Write_Sarif_That_Validates_Against_The_Schema()
    {
        var sarifPath = Path.Combine(_work, "result.sarif");

        var (exit, _, _) = await EvaluateAsync(Bundle("anchore_default_bundle.json"), "-o", $"sarif={sarifPath}");

        Assert.Equal(ExitCodes.GateFailed, exit);
        var json = File.ReadAllText(sarifPath);
        Assert.Empty(await SchemaValidator.ValidateAsync(json, SchemaValidator.Sarif210));
        var results = JsonNode.Parse(json)!["runs"]![0]!["results"]!.AsArray();
        Assert.Contains(results, r => (string?)r!["ruleId"] == "dockerfile.exposed_ports" && (string?)r["level"] == "error");
        Assert.DoesNotContain(results, r => (string?)r!["level"] is not ("error" or "warning"));
    }

    [Fact]
    public async Task Should_Exit_2_Naming_The_Problem_When_The_Bundle_Is_Invalid()
    {
        var (exit, _, stderr) = await EvaluateAsync(Bundle("bad_policy_id_bundle.json"));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("notarealid", stderr, StringComparison.Ordinal);
    }

    private static string Bundle(string name) => Path.Combine(Policies, name);

    private static List<string[]> Rows(JsonNode result)
    {
        var image = result["result"]![(string)result["image_id"]!]!;
        return image["result"]!["rows"]!.AsArray().Select(r => r!.AsArray().Select(c => c is null ? string.Empty : c.GetValueKind() == JsonValueKind.String ? (string)c! : c.ToJsonString()).ToArray()).ToList();
    }

    private async Task<string> ExposedPortTriggerIdAsync()
    {
        var (_, stdout, _) = await EvaluateAsync(Bundle("anchore_default_bundle.json"), "-o", "json");
        return Rows(JsonNode.Parse(stdout)!).Single(r => r[4] == "exposed_ports")[2];
    }

    /// <summary>The default bundle with items (gate, trigger id) in its global allowlist.</summary>
    private string WriteBundleWithAllowlistItems(IEnumerable<(string Gate, string TriggerId)> entries, string? expiresOn)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Bundle("anchore_default_bundle.json")))!;
        var items = bundle["whitelists"]![0]!["items"]!.AsArray();
        foreach (var (gate, triggerId) in entries)
        {
            var item = new JsonObject { ["id"] = $"item-{items.Count}", ["gate"] = gate, ["trigger_id"] = triggerId };
            if (expiresOn is not null)
            {
                item["expires_on"] = expiresOn;
            }

            items.Add(item);
        }

        var path = Path.Combine(_work, "allowlisted.json");
        File.WriteAllText(path, bundle.ToJsonString());
        return path;
    }

    private string WriteBundle(JsonObject rule)
    {
        var bundle = new JsonObject
        {
            ["id"] = "test-bundle",
            ["version"] = "1_0",
            ["name"] = "test",
            ["policies"] = new JsonArray(new JsonObject { ["id"] = "p1", ["version"] = "1_0", ["name"] = "p1", ["rules"] = new JsonArray(rule) }),
            ["whitelists"] = new JsonArray(),
            ["mappings"] = new JsonArray(new JsonObject
            {
                ["id"] = "m1", ["name"] = "all", ["registry"] = "*", ["repository"] = "*",
                ["image"] = new JsonObject { ["type"] = "tag", ["value"] = "*" },
                ["policy_ids"] = new JsonArray("p1"), ["whitelist_ids"] = new JsonArray(),
            }),
        };
        var path = Path.Combine(_work, "bundle.json");
        File.WriteAllText(path, bundle.ToJsonString());
        return path;
    }

    private static JsonObject Rule(string gate, string trigger, string action, params (string Name, string Value)[] parameters) => new()
    {
        ["id"] = "rule-1",
        ["gate"] = gate,
        ["trigger"] = trigger,
        ["action"] = action,
        ["params"] = new JsonArray(parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = p.Value }).ToArray()),
    };

    private static async Task<CliResult> EvaluateAsync(string bundle, params string[] extra)
    {
        var image = await RealDebianImage.GetAsync();
        return await CliHarness.RunAsync(["evaluate", $"docker-archive:{image.DockerArchive}", "--policy", bundle, "--no-db", .. extra]);
    }
}
