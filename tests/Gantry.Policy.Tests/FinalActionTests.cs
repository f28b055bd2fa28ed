using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;

namespace Gantry.Policy.Tests;

public class FinalActionTests
{
    [Theory]
    // rule actions fired, image allowed?, image denied?, expected final, expected reason
    [InlineData(new string[0], false, false, "go", "policy_evaluation")]
    [InlineData(new[] { "GO" }, false, false, "go", "policy_evaluation")]
    [InlineData(new[] { "GO", "WARN" }, false, false, "warn", "policy_evaluation")]
    [InlineData(new[] { "WARN", "STOP", "GO" }, false, false, "stop", "policy_evaluation")]
    [InlineData(new[] { "STOP" }, true, false, "go", "whitelisted")]
    [InlineData(new[] { "GO" }, false, true, "stop", "blacklisted")]
    [InlineData(new[] { "GO" }, true, true, "stop", "blacklisted")] // denied beats allowed
    public void Should_ComputeFinalAction_When_RulesFireAndImagesAreListed(string[] actions, bool allowed, bool denied, string final, string reason)
    {
        var bundle = TestInputs.Bundle(actions.Select(a => ("always", "always", a, Array.Empty<(string, string)>())).ToArray()) with
        {
            AllowedImages = allowed ? [Selection("docker.io", "example/*")] : [],
            DeniedImages = denied ? [Selection("*", "example/app")] : [],
        };

        var evaluation = TestInputs.Evaluate(bundle, TestInputs.Input());

        Assert.Equal(final, evaluation.FinalAction.ToWireName());
        Assert.Equal(reason, evaluation.ReasonText);
        Assert.Equal(actions.Length, evaluation.Rows.Count);
    }

    [Fact]
    public void Should_GoWithoutRows_When_NoMappingMatches()
    {
        var bundle = TestInputs.Bundle(("always", "always", "STOP", [])) with { Mappings = [] };

        var evaluation = TestInputs.Evaluate(bundle, TestInputs.Input());

        Assert.Null(evaluation.MatchedMapping);
        Assert.Equal(GateAction.Go, evaluation.FinalAction);
        Assert.Empty(evaluation.Rows);
    }

    [Fact]
    public void Should_EvaluateEveryPolicyToCompletion_When_MappingNamesSeveral()
    {
        var bundle = BundleLoader.LoadFile(Corpus.Policies("multi_policy.json"));
        var input = TestInputs.Input(history: [TestInputs.History("/bin/sh -c #(nop)  CMD [\"bash\"]")]);

        var evaluation = TestInputs.Evaluate(bundle, input);

        Assert.Equal(["1", "2"], evaluation.Rows.Select(r => r.PolicyId));
        Assert.Equal(["Dockerfile directive 'HEALTHCHECK' not found, matching condition 'not_exists' check", "Dockerfile directive 'SHELL' not found, matching condition 'not_exists' check"], evaluation.Rows.Select(r => r.CheckOutput));
        Assert.Equal(GateAction.Warn, evaluation.FinalAction);
    }

    private static ImageSelectionRule Selection(string registry, string repository) =>
        new("sel", "sel", registry, repository, new ImageSelector(ImageSelectorType.Tag, "*"));
}
