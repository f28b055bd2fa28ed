using System.Text;
using Gantry.Core;
using Gantry.Cataloging.Secrets;
using Gantry.Core.Secrets;

namespace Gantry.Cataloging.Tests.Secrets;

public class SecretScannerTests
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void Should_FindAwsKeysRedacted_When_EnvFileHoldsThem()
    {
        var content = $"NODE_ENV=production\naws_access_key_id = {AccessKey}\naws_secret_access_key = {SecretKey}\n";

        var findings = new SecretScanner().ScanFile("/app/.env", null, Encoding.UTF8.GetBytes(content)).Findings;

        Assert.Equal(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], findings.Select(f => f.RuleId));
        Assert.Equal([2, 3], findings.Select(f => f.Line));
        Assert.Equal("AKIA****************", findings[0].RedactedMatch);
        Assert.All(findings, f => Assert.DoesNotContain(f.RedactedMatch, content, StringComparison.Ordinal));
        Assert.DoesNotContain("EXAMPLE", string.Concat(findings.Select(f => f.RedactedMatch)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----\n", "PRIV_KEY")]
    [InlineData("{\"auths\": {\"registry.example.com\": {\"auth\": \"dXNlcjpwYXNzd29yZA==\"}}}", "DOCKER_AUTH")]
    [InlineData("API_KEY=ABCDEFGHIJKLMNOPQRSTUVWX1234", "API_KEY")]
    public void Should_ApplyAnchoreDefaults_When_ContentMatches(string content, string rule)
    {
        var finding = Assert.Single(new SecretScanner().ScanFile("/some/file", null, Encoding.UTF8.GetBytes(content)).Findings);

        Assert.Equal(rule, finding.RuleId);
    }

    [Fact]
    public void Should_FindSecretOnItsLine_When_FileIsLongAndItsKeywordCrossesASearchChunk()
    {
        var padding = string.Concat(Enumerable.Repeat("é = ü\n", 600));
        var content = $"{padding}{new string('x', 4096 - padding.Length - 4)}\nAWS_ACCESS_KEY_ID = {AccessKey}\n";

        var finding = Assert.Single(new SecretScanner().ScanFile("/app/.env", null, Encoding.UTF8.GetBytes(content)).Findings);

        Assert.Equal(("AWS_ACCESS_KEY", 602), (finding.RuleId, finding.Line));
    }

    [Fact]
    public void Should_SkipFile_When_BinaryOrTooLarge()
    {
        var text = $"aws_access_key_id = {AccessKey}\n";
        var binary = Encoding.UTF8.GetBytes(text).Concat(new byte[] { 0, 1, 2 }).ToArray();

        Assert.Empty(new SecretScanner().ScanFile("/bin/tool", null, binary).Findings);
        Assert.Empty(new SecretScanner(SecretRuleSet.AnchoreDefaults, maxFileBytes: 10).ScanFile("/app/.env", null, Encoding.UTF8.GetBytes(text)).Findings);
        Assert.Single(new SecretScanner().ScanFile("/app/.env", null, Encoding.UTF8.GetBytes(text)).Findings);
    }

    [Fact]
    public void Should_ScanEnvLabelsAndHistory_When_ImageConfigHoldsSecrets()
    {
        var config = new ImageConfigSummary
        {
            Env = ["PATH=/usr/bin", $"AWS_ACCESS_KEY_ID={AccessKey}"],
            Labels = new Dictionary<string, string> { ["api_key"] = "ABCDEFGHIJKLMNOPQRSTUVWX1234" },
            History = [new HistoryEntry($"/bin/sh -c echo aws_secret_access_key = {SecretKey} > /root/.aws", null, false, null)],
        };

        var findings = new SecretScanner().ScanImageConfig(config).Findings;

        Assert.Equal(["config:env/AWS_ACCESS_KEY_ID", "config:label/api_key", "config:history/0"], findings.Select(f => f.Location));
        Assert.All(findings, f => Assert.EndsWith("****", f.RedactedMatch, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_LoadTrivyRules_When_FileUsesTrivyFormat()
    {
        const string yaml = """
            rules:
              - id: slack-token
                category: Slack
                title: Slack token
                severity: CRITICAL
                regex: (?P<secret>xox[baprs]-[0-9a-zA-Z-]{10,48})
                keywords: [xox]
                path: .*\.(env|txt)
                allow-rules:
                  - id: fixtures
                    path: .*/fixtures/.*
            allow-rules:
              - id: example
                description: documentation placeholders
                regex: xoxb-0000000000
            disable-rules: [API_KEY]
            """;

        var rules = TrivySecretRules.Parse(yaml);
        var scanner = new SecretScanner(rules);

        Assert.Equal(["AWS_ACCESS_KEY", "AWS_SECRET_KEY", "PRIV_KEY", "DOCKER_AUTH", "slack-token"], rules.Rules.Select(r => r.Id));
        var finding = Assert.Single(scanner.ScanFile("/app/.env", null, "SLACK=xoxb-1234567890-abcdefghij\n"u8).Findings);
        Assert.Equal((Severity.Critical, "xoxb**********************"), (finding.Severity, finding.RedactedMatch));
        Assert.Empty(scanner.ScanFile("/app/notes.md", null, "SLACK=xoxb-1234567890-abcdefghij\n"u8).Findings);
        Assert.Empty(scanner.ScanFile("/app/fixtures/a.env", null, "SLACK=xoxb-1234567890-abcdefghij\n"u8).Findings);
        Assert.Empty(scanner.ScanFile("/app/.env", null, "SLACK=xoxb-0000000000\n"u8).Findings);
    }

    [Theory]
    [InlineData("rules: [{id: x}]", "rules[0]: missing 'regex'")]
    [InlineData("rules: [{id: x, regex: '(unclosed'}]", "rules[0].regex: '(unclosed' is not a valid regular expression")]
    [InlineData("rules: [{id: x, regex: a, severity: SEVERE}]", "rules[0].severity: 'SEVERE' is not one of")]
    [InlineData("rules: [", "not valid YAML")]
    public void Should_NameTheProblem_When_TrivyRulesAreInvalid(string yaml, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => TrivySecretRules.Parse(yaml, "my-rules.yaml"));

        Assert.StartsWith("my-rules.yaml: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AKIA****************")]
    [InlineData("short", "s********")]
    [InlineData("abcdefgh", "ab********")]
    public void Should_KeepAtMostAQuarterAndHideShortLengths_When_Redacting(string secret, string expected)
    {
        Assert.Equal(expected, SecretScanner.Redact(secret));
    }
}
