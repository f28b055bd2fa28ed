using Gantry.Core;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Suppression;

namespace Gantry.Vulnerabilities.Tests.Suppression;

public class IgnoreFileTests
{
    [Fact]
    public void Should_ReadEveryField_When_TheRuleGivesThem()
    {
        const string Yaml = """
            # accepted findings
            ignore:
              - vulnerability: CVE-2020-14343
                package:
                  name: PyYAML
                  version: 5.3.1
                  type: python
                  location: /usr/lib/python3/**
                fix-state: fixed
                reason: "the application never loads untrusted YAML"
                expires: 2030-01-31
              - package: { name: "lib*" }
                reason: accepted
            """;

        var rules = IgnoreFile.Parse(Yaml, "ignore.yaml");

        Assert.Equal(2, rules.Count);
        var first = rules[0];
        Assert.Equal((1, "CVE-2020-14343", "PyYAML", "5.3.1", PackageType.Python, "/usr/lib/python3/**", FixState.Fixed),
            (first.Index, first.Vulnerability, first.PackageName, first.PackageVersion, first.PackageType, first.Location, first.FixState));
        Assert.Equal(("the application never loads untrusted YAML", new DateOnly(2030, 1, 31)), (first.Reason, first.Expires));
        Assert.Equal((2, "lib*", null, null), (rules[1].Index, rules[1].PackageName, rules[1].Vulnerability, rules[1].FixState));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("ignore:\n")]
    [InlineData("ignore: []\n")]
    [InlineData("~\n")]
    public void Should_HaveNoRules_When_TheFileListsNone(string yaml) => Assert.Empty(IgnoreFile.Parse(yaml, "ignore.yaml"));

    [Theory]
    [InlineData("ignores:\n  - reason: x\n", "unknown key 'ignores' in the document (expected ignore) (line 1)")]
    [InlineData("ignore:\n  - reason: x\n    vulnerabilty: CVE-1\n", "unknown key 'vulnerabilty' in a rule")]
    [InlineData("ignore:\n  - reason: x\n    package: { nmae: a }\n", "unknown key 'nmae' in 'package'")]
    [InlineData("ignore: CVE-1\n", "'ignore' must be a list of rules (line 1)")]
    [InlineData("- CVE-1\n", "the document must be a mapping of keys (ignore)")]
    [InlineData("ignore:\n  - CVE-1\n", "a rule must be a mapping of keys")]
    [InlineData("ignore:\n  - reason: [a, b]\n", "'reason' must be a single value, not a list or mapping (line 2)")]
    [InlineData("ignore:\n  - reason: x\n    package: pyyaml\n", "'package' must be a mapping of keys (name, version, type, location)")]
    [InlineData("ignore:\n  - reason: x\n    reason: y\n", "Duplicate key")]
    [InlineData("ignore:\n  - reason: [x\n", "not a valid ignore file")]
    [InlineData("ignore:\n  - vulnerability: CVE-1\n", "rule 1: 'reason' is required")]
    [InlineData("ignore:\n  - reason: x\n", "rule 1: give at least one of 'vulnerability', 'package' or 'fix-state'")]
    [InlineData("ignore:\n  - reason: x\n    fix-state: maybe\n", "rule 1: unknown fix-state 'maybe'")]
    [InlineData("ignore:\n  - reason: x\n    package: { type: cobol }\n", "rule 1: unknown package type 'cobol'")]
    [InlineData("ignore:\n  - reason: x\n    vulnerability: CVE-1\n    expires: soon\n", "rule 1: 'expires' must be a date like 2025-12-31, not 'soon'")]
    public void Should_NameTheFileAndWhatIsWrong_When_TheRuleFileIsBad(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => IgnoreFile.Parse(yaml, "ci/ignore.yaml"));

        Assert.StartsWith("--ignore ci/ignore.yaml: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_RefuseTheFile_When_AnAliasBombIsGiven()
    {
        // A "billion laughs" document: YAML aliases that would expand to 10^9 nodes if the reader resolved them.
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat("*" + (char)('a' + i - 1), 10))}]\n"))
            + "ignore: []\n";

        var error = Assert.Throws<InvalidInputException>(() => IgnoreFile.Parse(yaml, "bomb.yaml"));

        Assert.Contains("unknown key 'a'", error.Message);
    }
}
