using Gantry.Core;
using Gantry.Policy.Bundles;

namespace Gantry.Policy.Tests;

public class BundleLoaderTests
{
    [Theory]
    [InlineData("anchore_default_bundle.json", 6)]
    [InlineData("multi_default.json", 6)]
    [InlineData("multi_policy.json", 2)]
    [InlineData("bundle-with-all-rules-2020-08-20.json", 38)]
    public void Should_Load_When_CorpusBundleIsValid(string file, int ruleCount)
    {
        var result = BundleLoader.ParseFile(Corpus.Policies(file));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(ruleCount, result.Bundle!.Policies.Sum(p => p.Rules.Count));
    }

    [Fact]
    public void Should_WarnButLoad_When_AnchoreAcceptedAnInvalidNameRegex()
    {
        var result = BundleLoader.ParseFile(Corpus.Policies("bundle-with-all-rules-2020-08-20.json"));

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("$.policies[0].rules[5].params[0].value", warning.Path);
        Assert.Contains(@"'*\.pem' is not a valid regular expression", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_NameEveryProblem_When_BundleIsBad()
    {
        var result = BundleLoader.ParseFile(Corpus.Policies("bad_bundle.json"));

        Assert.False(result.IsValid);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("$.policies[0].rules[0].action: 'invalidaction' is not a valid action (expected STOP, WARN or GO)", errors);
        Assert.Contains("$.policies[0].rules[1].params: dockerfile.instruction is missing required parameter 'instruction'", errors);
        Assert.Contains("$.policies[0].rules[1].params: dockerfile.instruction is missing required parameter 'check'", errors);
    }

    [Fact]
    public void Should_NameTheMissingPolicy_When_MappingReferencesUnknownPolicy()
    {
        var result = BundleLoader.ParseFile(Corpus.Policies("bad_policy_id_bundle.json"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.mappings[0].policy_id", error.Path);
        Assert.Equal("mapping names policy 'notarealid', which the bundle does not define", error.Message);
    }

    [Fact]
    public void Should_WarnAboutLegacyGatesAndRejectMissingPolicy_When_TrivialBundle()
    {
        // The trivial bundle's mapping names policy "trivial" but its only policy is "7dcbe180-…":
        // Anchore's ExecutableBundle raises ReferencedObjectNotFoundError for it too.
        var result = BundleLoader.ParseFile(Corpus.Policies("trivial_bundle.json"));

        Assert.Equal(4, result.Warnings.Count());
        Assert.All(result.Warnings, w => Assert.Contains("end-of-life Anchore gate", w.Message, StringComparison.Ordinal));
        var error = Assert.Single(result.Errors);
        Assert.Equal("mapping names policy 'trivial', which the bundle does not define", error.Message);
    }

    [Theory]
    [InlineData("\"gate\": \"nosuchgate\", \"trigger\": \"x\", \"action\": \"STOP\", \"params\": []", "$.policies[0].rules[0].gate", "unknown gate 'nosuchgate'")]
    [InlineData("\"gate\": \"dockerfile\", \"trigger\": \"nosuch\", \"action\": \"STOP\", \"params\": []", "$.policies[0].rules[0].trigger", "gate 'dockerfile' has no trigger 'nosuch'")]
    [InlineData("\"gate\": \"vulnerabilities\", \"trigger\": \"stale_feed_data\", \"action\": \"WARN\", \"params\": []", "$.policies[0].rules[0].params", "missing required parameter 'max_days_since_sync'")]
    [InlineData("\"gate\": \"vulnerabilities\", \"trigger\": \"stale_feed_data\", \"action\": \"WARN\", \"params\": [{\"name\": \"max_days_since_sync\", \"value\": \"two\"}]", "$.policies[0].rules[0].params[0].value", "'two' is not an integer")]
    [InlineData("\"gate\": \"vulnerabilities\", \"trigger\": \"stale_feed_data\", \"action\": \"WARN\", \"params\": [{\"name\": \"max_days_since_sync\", \"value\": 2}]", "$.policies[0].rules[0].params[0].value", "wrong value type: expected a string, got the number 2")]
    [InlineData("\"gate\": \"retrieved_files\", \"trigger\": \"content_regex\", \"action\": \"WARN\", \"params\": [{\"name\": \"path\", \"value\": \"/etc/x\"}, {\"name\": \"check\", \"value\": \"match\"}, {\"name\": \"regex\", \"value\": \"(unclosed\"}]", "$.policies[0].rules[0].params[2].value", "'(unclosed' is not a valid regular expression")]
    [InlineData("\"gate\": \"always\", \"trigger\": \"always\", \"action\": \"STOP\", \"params\": [{\"name\": \"bogus\", \"value\": \"1\"}]", "$.policies[0].rules[0].params[0]", "always.always has no parameter 'bogus' (it takes none)")]
    [InlineData("\"gate\": \"dockerfile\", \"trigger\": \"exposed_ports\", \"action\": \"STOP\", \"params\": [{\"name\": \"ports\", \"value\": \"22\"}, {\"name\": \"type\", \"value\": \"greylist\"}]", "$.policies[0].rules[0].params[1].value", "'greylist' is not one of whitelist, blacklist")]
    [InlineData("\"gate\": \"files\", \"trigger\": \"attribute_match\", \"action\": \"STOP\", \"params\": [{\"name\": \"filename\", \"value\": \"/etc/shadow\"}, {\"name\": \"mode\", \"value\": \"rw-r--r--\"}]", "$.policies[0].rules[0].params[1].value", "'rw-r--r--' is not an octal file mode")]
    public void Should_ReportPathAndProblem_When_RuleIsInvalid(string rule, string path, string message)
    {
        var result = BundleLoader.Parse(BundleJson(rule));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_ReportInvalidRegexpPattern_When_MappingUsesOne()
    {
        var json = BundleJson("\"gate\": \"always\", \"trigger\": \"always\", \"action\": \"STOP\", \"params\": []").Replace("\"repository\": \"*\"", "\"repository\": \"regexp:([a-z\"", StringComparison.Ordinal);

        var error = Assert.Single(BundleLoader.Parse(json).Errors);

        Assert.Equal("$.mappings[0].repository", error.Path);
    }

    [Fact]
    public void Should_AcceptAllowlistsName_When_BundleUsesNewerSpelling()
    {
        var json = BundleJson("\"gate\": \"always\", \"trigger\": \"always\", \"action\": \"STOP\", \"params\": []")
            .Replace("\"whitelists\"", "\"allowlists\"", StringComparison.Ordinal);

        var bundle = BundleLoader.Parse(json).Bundle!;

        var item = Assert.Single(Assert.Single(bundle.Allowlists).Items);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), item.ExpiresOn);
    }

    [Fact]
    public void Should_RejectBothPolicyIdForms_When_MappingGivesBoth()
    {
        var json = BundleJson("\"gate\": \"always\", \"trigger\": \"always\", \"action\": \"STOP\", \"params\": []")
            .Replace("\"policy_ids\"", "\"policy_id\": \"p1\", \"policy_ids\"", StringComparison.Ordinal);

        var error = Assert.Single(BundleLoader.Parse(json).Errors);

        Assert.Equal("a mapping gives both policy_id and policy_ids; use one or the other", error.Message);
    }

    [Fact]
    public void Should_ReportLine_When_JsonIsMalformed()
    {
        var error = Assert.Single(BundleLoader.Parse("{\n \"id\": ").Errors);

        Assert.Equal("$", error.Path);
        Assert.StartsWith("not valid JSON (line 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_ThrowInvalidInput_When_LoadingInvalidFile()
    {
        var ex = Assert.Throws<InvalidInputException>(() => BundleLoader.LoadFile(Corpus.Policies("bad_policy_id_bundle.json")));

        Assert.Contains("notarealid", ex.Message, StringComparison.Ordinal);
    }

    private static string BundleJson(string rule) => $$"""
        {
          "id": "b1", "version": "1_0", "name": "t",
          "policies": [ { "id": "p1", "version": "1_0", "rules": [ { "id": "r1", {{rule}} } ] } ],
          "whitelists": [ { "id": "w1", "version": "1_0", "name": "W", "items": [ { "id": "i1", "gate": "always", "trigger_id": "always", "expires_on": "2024-01-01T00:00:00Z" } ] } ],
          "mappings": [ { "id": "m1", "name": "all", "registry": "*", "repository": "*", "image": { "type": "tag", "value": "*" }, "policy_ids": ["p1"], "whitelist_ids": ["w1"] } ]
        }
        """;
}
