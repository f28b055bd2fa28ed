using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;
using static Gantry.Policy.Tests.TestInputs;

namespace Gantry.Policy.Tests.Evaluation;

public class BundleEvaluationTests
{
    /// <summary>For every rule of the all-rules bundle: how many rows it gives on the example image, and why when none.</summary>
    private static readonly Dictionary<string, (int Rows, string Why)> AllRulesExpectations = new()
    {
        ["efa61d70-8778-43b3-8616-765778e9a0d5"] = (1, "dockerfile.no_dockerfile_provided: the Dockerfile is guessed from history"),
        ["8435eb55-2a46-42eb-b1ef-bb02e3820074"] = (2, "dockerfile.instruction CMD exists: two CMD lines in history"),
        ["af2e68fe-a805-42be-b050-3c1b1635ea68"] = (1, "dockerfile.exposed_ports: 22/tcp is not in the 443 allow list"),
        ["1b639f5e-053e-4cce-93a9-936fba3915c5"] = (1, "dockerfile.effective_user: root is not 'docker'"),
        ["8ddde65b-20d0-4187-a04a-c91658d89383"] = (1, "files.suid_or_guid_set: /usr/bin/passwd is setuid"),
        ["7d6602c9-9a84-43da-94a7-c2c2b6d4434b"] = (0, @"files.name_match: '*\.pem' is not a valid regex (Anchore fails it too); skipped with a warning"),
        ["a1ac4c87-ae9d-462b-8948-ede08b7a30a0"] = (0, "files.content_regex_match: regex_name '*' names no content-search rule"),
        ["fe6357bb-65f1-469a-aa22-a0a6f1891000"] = (0, "files.attribute_match: /etc/httpd.conf is absent and skip_missing defaults to true"),
        ["f9c56890-aa04-434e-9552-289becf8fb83"] = (1, "licenses.blacklist_partial_match: openssh-server is BSD-3-clause"),
        ["0c091a9d-e227-44c5-9884-8e112a01a4c1"] = (0, "licenses.blacklist_exact_match: no license is exactly BSD-2"),
        ["b5194976-202f-4b61-a1c5-38320c1788d4"] = (0, "malware.scans: no malware scan ran"),
        ["117f1b3c-bba9-4092-b5d1-4267a9bf7090"] = (0, "metadata.attribute os_type > 31: 'linux' is not a number; skipped with a warning"),
        ["5bacaf1c-38b2-4ed4-9027-557fcfdd9fec"] = (0, "npms.version_not_in_feeds: needs Anchore's npm feed; warning"),
        ["6ac4cb85-f89b-4918-8c9a-3475fac0eb92"] = (0, "npms.unknown_in_feeds: needs Anchore's npm feed; warning"),
        ["a8e061e8-14fd-4204-8fe2-2eb4893a136f"] = (0, "npms.newer_version_in_feed: needs Anchore's npm feed; warning"),
        ["a5a4eaa3-ad93-4d1c-9092-0d46798f5588"] = (1, "npms.feed_data_unavailable: npm packages present, no npm feed"),
        ["94ac4111-163d-4615-bc86-31a6aafee433"] = (0, "npms.blacklisted_name_version: no npm package ffff"),
        ["dcd34b3c-f180-4add-834a-6af854fbbf04"] = (0, "packages.verify: no verification failures for the listed package"),
        ["ffdd79dc-a784-47c6-9ac8-68d636fc15e8"] = (1, "packages.required_package: asdfasdf is not installed"),
        ["512ebe4d-640d-41d3-a7a8-01921d354c05"] = (0, "packages.blacklist: no package sadf"),
        ["08a925bd-7a7a-4095-8ccd-88bc8998a41b"] = (0, "passwd_file.content_not_available: /etc/passwd is present"),
        ["9e9c769f-7bb3-45a6-8cc4-e30976c68753"] = (0, "passwd_file.blacklist_usernames: no user asdfdasf"),
        ["95514031-35d7-4bed-972c-7155a31c22ab"] = (0, "passwd_file.blacklist_userids: no uid 8930145"),
        ["965d8d3f-6cf3-40fa-8ff2-a1abce360c6b"] = (0, "passwd_file.blacklist_shells: nobody uses /bin/zsh"),
        ["2da1c04a-5f19-4d39-b15a-897592900e8f"] = (0, "passwd_file.blacklist_groupids: no gid 3124"),
        ["9d66b728-30c8-4c8b-959a-de0a0acad9f8"] = (0, "passwd_file.blacklist_full_entry: no entry 'test'"),
        ["48e2bc40-fde5-41b2-9e92-b38cdbe7902f"] = (0, "retrieved_files.content_regex: /etc/httpd.conf is not available, nothing to match"),
        ["542d20ca-2695-4298-b418-9c963600eed9"] = (1, "retrieved_files.content_not_available: /etc/httpd.conf is absent"),
        ["02ad025f-d409-4b37-93bf-070981fb22b1"] = (0, "ruby_gems.version_not_found_in_feed: needs Anchore's gem feed; warning"),
        ["2805a521-ed33-47c7-9603-00bad4bd47b2"] = (0, "ruby_gems.not_found_in_feed: needs Anchore's gem feed; warning"),
        ["cffce0e8-0c83-4f3f-bb0a-16335562299b"] = (0, "ruby_gems.newer_version_found_in_feed: needs Anchore's gem feed; warning"),
        ["1c11e348-d1ac-4681-a0c8-9d1cd4d11e13"] = (0, "ruby_gems.feed_data_unavailable: no gems installed"),
        ["655dc9da-7937-4863-83ac-e8122985c86f"] = (0, "ruby_gems.blacklist: no gem ruby-test"),
        ["d47ab4ba-e367-4d21-99a4-25e00c0e630f"] = (0, "vulnerabilities.vulnerability_data_unavailable: Debian 12 data is available"),
        ["3a3445e1-397f-4b74-beae-908c113d9179"] = (0, "vulnerabilities.stale_feed_data: synced 3 hours ago, limit 100 days"),
        ["ea06a0eb-ed09-41c0-90b8-17875a727c15"] = (4, "vulnerabilities.package all: one row per finding"),
        ["358aac2e-71a2-48bf-87df-c761f1d6abd6"] = (0, "vulnerabilities.blacklist: CVE-2019-1234 not found"),
        ["4ab93d79-0261-4d62-9808-0a5b90d65657"] = (0, "secret_scans.content_regex_checks: no rule named test-regex (the AWS key is AWS_ACCESS_KEY)"),
    };

    [Fact]
    public void Should_AccountForEveryRule_When_AllRulesBundleEvaluatesExampleImage()
    {
        var bundle = BundleLoader.LoadFile(Corpus.Policies("bundle-with-all-rules-2020-08-20.json"));

        var evaluation = Evaluate(bundle, ExampleImage.Create());

        var ruleIds = bundle.Policies.Single().Rules.Select(r => r.Id!).ToList();
        Assert.Equal(ruleIds.Order(), AllRulesExpectations.Keys.Order());
        foreach (var id in ruleIds)
        {
            var rows = evaluation.Rows.Count(r => r.RuleId == id);
            Assert.True(AllRulesExpectations[id].Rows == rows, $"{AllRulesExpectations[id].Why}: expected {AllRulesExpectations[id].Rows} rows, got {rows}");
        }

        Assert.Equal(GateAction.Warn, evaluation.FinalAction);
        Assert.Equal("policy_evaluation", evaluation.ReasonText);
        Assert.Contains(evaluation.Warnings, w => w.StartsWith("files.name_match", StringComparison.Ordinal));
        Assert.Contains(evaluation.Warnings, w => w.StartsWith("metadata.attribute", StringComparison.Ordinal));
        Assert.Equal(6, evaluation.Warnings.Count(w => w.Contains("feed", StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_StopWithExposedPortsRow_When_DefaultBundleAndPort22()
    {
        var bundle = BundleLoader.LoadFile(Corpus.Policies("anchore_default_bundle.json"));

        var evaluation = Evaluate(bundle, ImageExposingPort22());

        Assert.Equal(GateAction.Stop, evaluation.FinalAction);
        var row = Assert.Single(evaluation.Rows);
        Assert.Equal(("dockerfile", "exposed_ports", "Dockerfile exposes port (22/tcp) which is in policy file DENIEDPORTS list"), (row.Gate, row.Trigger, row.CheckOutput));
        Assert.Equal("c4f9bf74-dc38-4ddf-b5cf-00e9c0074611", evaluation.MatchedMapping!.Id);
    }

    [Fact]
    public void Should_StopOnVulnerabilitiesToo_When_DefaultBundleAndFullExampleImage()
    {
        var evaluation = Evaluate(BundleLoader.LoadFile(Corpus.Policies("anchore_default_bundle.json")), ExampleImage.Create());

        Assert.Equal(
            ["dockerfile.exposed_ports:stop", "dockerfile.instruction:warn", "vulnerabilities.package:warn", "vulnerabilities.package:warn", "vulnerabilities.package:stop", "vulnerabilities.package:stop"],
            evaluation.Rows.Select(r => $"{r.Gate}.{r.Trigger}:{r.EffectiveAction.ToWireName()}"));
    }

    [Fact]
    public void Should_Go_When_ExposedPortsTriggerIdIsAllowlisted()
    {
        var stopped = Evaluate(BundleLoader.LoadFile(Corpus.Policies("anchore_default_bundle.json")), ImageExposingPort22());
        var triggerId = stopped.Rows.Single(r => r.Trigger == "exposed_ports").TriggerId;
        var bundle = DefaultBundleWithAllowlistItem("dockerfile", triggerId, expiresOn: null);

        var evaluation = Evaluate(bundle, ImageExposingPort22());

        Assert.Equal(GateAction.Go, evaluation.FinalAction);
        var row = Assert.Single(evaluation.Rows);
        Assert.Equal(GateAction.Stop, row.RuleAction);
        Assert.Equal(GateAction.Go, row.EffectiveAction);
        Assert.Equal(new AllowlistMatch("Global Whitelist", "37fd763e-1765-11e8-add4-3b16c029ac5c", "allow-ssh"), row.Allowlisted);
    }

    [Theory]
    [InlineData("2025-05-31T00:00:00Z", "stop")] // expired the day before the evaluation
    [InlineData("2025-06-01T12:00:00Z", "stop")] // expires exactly now: Anchore treats now >= expires_on as expired
    [InlineData("2025-07-01T00:00:00Z", "go")]
    public void Should_StopApplying_When_AllowlistItemExpires(string expiresOn, string final)
    {
        var stopped = Evaluate(BundleLoader.LoadFile(Corpus.Policies("anchore_default_bundle.json")), ImageExposingPort22());
        var triggerId = stopped.Rows.Single(r => r.Trigger == "exposed_ports").TriggerId;

        var evaluation = Evaluate(DefaultBundleWithAllowlistItem("dockerfile", triggerId, expiresOn), ImageExposingPort22());

        Assert.Equal(final, evaluation.FinalAction.ToWireName());
        if (final == "stop")
        {
            Assert.Contains(evaluation.Warnings, w => w.Contains("expired", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("vulnerabilities", "CVE-2021-44906+minimist", 1)]
    [InlineData("vulnerabilities", "CVE-2021-*", 2)]
    [InlineData("VULNERABILITIES", "*+lodash", 1)]
    [InlineData("dockerfile", "CVE-2021-44906+minimist", 0)] // the gate must match too
    public void Should_MatchAllowlistItemsByGateAndWildcardTriggerId_When_Evaluating(string gate, string triggerId, int allowlisted)
    {
        var evaluation = Evaluate(DefaultBundleWithAllowlistItem(gate, triggerId, expiresOn: null), ExampleImage.Create());

        Assert.Equal(allowlisted, evaluation.Rows.Count(r => r.Allowlisted is not null));
    }

    [Fact]
    public void Should_FireSecretScansRedacted_When_FakeAwsKeyInEnvFile()
    {
        var bundle = Bundle(("secret_scans", "content_regex_checks", "STOP", [("content_regex_name", "AWS_ACCESS_KEY")]));

        var evaluation = Evaluate(bundle, ExampleImage.Create());

        var row = Assert.Single(evaluation.Rows);
        Assert.Equal(GateAction.Stop, evaluation.FinalAction);
        Assert.Contains("file=/app/.env regexp=AWS_ACCESS_KEY line=2 match=AKIA****************", row.CheckOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ExampleImage.FakeAccessKey, row.CheckOutput, StringComparison.Ordinal);
    }

    /// <summary>The example image without vulnerabilities and with a HEALTHCHECK: only port 22 offends the default bundle.</summary>
    private static PolicyInput ImageExposingPort22()
    {
        var input = ExampleImage.Create();
        var config = input.Sbom.Source.Config;
        var history = config.History.Append(History("HEALTHCHECK &{[\"CMD\" \"pgrep\" \"sshd\"] \"30s\" \"3s\" \"0s\" \"0s\" '\\x03'}")).ToList();
        return input with { Findings = [], Sbom = input.Sbom with { Source = input.Sbom.Source with { Config = config with { History = history } } } };
    }

    /// <summary>The default bundle with one item in its global allowlist.</summary>
    private static PolicyBundle DefaultBundleWithAllowlistItem(string gate, string triggerId, string? expiresOn)
    {
        var json = File.ReadAllText(Corpus.Policies("anchore_default_bundle.json"));
        var expires = expiresOn is null ? string.Empty : $", \"expires_on\": \"{expiresOn}\"";
        json = json.Replace("\"items\": []", $"\"items\": [{{\"id\": \"allow-ssh\", \"gate\": \"{gate}\", \"trigger_id\": \"{triggerId}\"{expires}}}]", StringComparison.Ordinal);
        var result = BundleLoader.Parse(json);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Bundle!;
    }
}
