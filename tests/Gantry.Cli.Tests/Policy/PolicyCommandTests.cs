using Gantry.Cli.Infrastructure;
using Gantry.TestKit;

namespace Gantry.Cli.Tests.Policy;

public class PolicyCommandTests
{
    private static string Bundle(string name) => Path.Combine(SharedPaths.Corpus, "anchore-policies", name);

    [Fact]
    public async Task Should_PrintOneLineOk_When_BundleIsValid()
    {
        var (exit, output, error) = await CliHarness.RunAsync("policy", "validate", Bundle("anchore_default_bundle.json"));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.EndsWith("anchore_default_bundle.json: OK (bundle 'Default bundle': 1 policies, 6 rules, 1 mappings)\n", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Should_ExitTwoWithJsonPaths_When_BundleIsInvalid()
    {
        var (exit, output, error) = await CliHarness.RunAsync("policy", "validate", Bundle("bad_policy_id_bundle.json"));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Empty(output);
        Assert.Contains("$.mappings[0].policy_id: mapping names policy 'notarealid', which the bundle does not define", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_ExitTwo_When_FileIsMissing()
    {
        var (exit, _, error) = await CliHarness.RunAsync("policy", "validate", "/nonexistent/bundle.json");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.StartsWith("gantry: policy bundle '/nonexistent/bundle.json' cannot be read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_DescribeOneGate_When_GateGiven()
    {
        var (exit, output, _) = await CliHarness.RunAsync("policy", "describe", "--gate", "vulnerabilities");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("vulnerabilities: CVE/Vulnerability checks.", output, StringComparison.Ordinal);
        Assert.Contains("    layer_scope (optional, one of base|application|all, default all, e.g. application, Gantry addition)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dockerfile:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_ExitTwo_When_GateIsUnknown()
    {
        var (exit, _, error) = await CliHarness.RunAsync("policy", "describe", "--gate", "ports");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.StartsWith("gantry: unknown gate 'ports'", error, StringComparison.Ordinal);
    }
}
