using System.Text.Json;
using Gantry.Core;
using Gantry.Core.Secrets;
using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;

namespace Gantry.Policy.Tests;

/// <summary>Builders for policy inputs and one-rule bundles.</summary>
internal static class TestInputs
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static PolicyInput Input(
        IReadOnlyList<Package>? packages = null,
        ImageConfigSummary? config = null,
        IReadOnlyList<HistoryEntry>? history = null,
        Distro? distro = null) => new()
        {
            Image = PolicyImage.Parse("docker.io/example/app:1.0", "0123456789abcdef"),
            Sbom = new Sbom
            {
                Source = new ImageDescription
                {
                    Input = "docker-archive:app.tar",
                    Kind = "docker-archive",
                    Architecture = "amd64",
                    Os = "linux",
                    Layers = [new LayerDescription { Index = 0, Digest = "sha256:aa", DiffId = "sha256:base", Size = 1000 }, new LayerDescription { Index = 1, Digest = "sha256:bb", DiffId = "sha256:app", Size = 500 }],
                    Config = (config ?? new ImageConfigSummary()) with { History = history ?? config?.History ?? [] },
                },
                Distro = distro ?? new Distro { Id = "debian", VersionId = "12" },
                Packages = packages ?? [],
            },
            Feeds = new FeedStatus { LastSync = Now.AddHours(-3) },
        };

    public static Package Package(string name, string version, PackageType type = PackageType.Deb, string? location = null, string layer = "sha256:base", params string[] licenses) => new()
    {
        Name = name,
        Version = version,
        Type = type,
        FoundBy = "test",
        LayerDiffId = layer,
        Locations = location is null ? [] : [new Location(location, layer)],
        Licenses = licenses,
    };

    public static HistoryEntry History(string createdBy) => new(createdBy, null, false, null);

    /// <summary>The fake AWS key of the example image's <c>/app/.env</c>, as cataloging records it (redacted).</summary>
    public static readonly SecretFinding AwsKeyInEnvFile =
        new(AnchoreSecretRules.AwsAccessKey, "anchore", Severity.High, "AWS access key id", SecretSource.File, "/app/.env", "sha256:app", 2, "AKIA****************");

    /// <summary>The input with <paramref name="secrets"/> in its SBOM, where the policy reads them.</summary>
    public static PolicyInput WithSecrets(PolicyInput input, params SecretFinding[] secrets) => input with { Sbom = input.Sbom with { Secrets = secrets } };

    /// <summary>A bundle with one policy holding the given rules and a catch-all mapping.</summary>
    public static PolicyBundle Bundle(params (string Gate, string Trigger, string Action, (string Name, string Value)[] Params)[] rules)
    {
        var json = JsonSerializer.Serialize(new
        {
            id = "test-bundle",
            version = "1_0",
            name = "test",
            policies = new[]
            {
                new
                {
                    id = "policy1",
                    version = "1_0",
                    rules = rules.Select((r, i) => new { id = $"rule{i}", gate = r.Gate, trigger = r.Trigger, action = r.Action, @params = r.Params.Select(p => new { name = p.Name, value = p.Value }) }),
                },
            },
            whitelists = Array.Empty<object>(),
            mappings = new[] { new { id = "m1", name = "all", registry = "*", repository = "*", image = new { type = "tag", value = "*" }, policy_ids = new[] { "policy1" }, whitelist_ids = Array.Empty<string>() } },
        });
        var result = BundleLoader.Parse(json);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Bundle!;
    }

    /// <summary>Evaluates one rule and returns the rows it produced.</summary>
    public static IReadOnlyList<EvaluationRow> Run(PolicyInput input, string gate, string trigger, params (string Name, string Value)[] parameters) =>
        Evaluate(Bundle((gate, trigger, "STOP", parameters)), input).Rows;

    public static PolicyEvaluation Evaluate(PolicyBundle bundle, PolicyInput input) =>
        new PolicyEvaluator(timeProvider: new FixedTime(Now)).Evaluate(bundle, input);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The Anchore bundles of the shared corpus.</summary>
internal static class Corpus
{
    public static string Policies(string file) => Path.Combine(Gantry.TestKit.SharedPaths.Corpus, "anchore-policies", file);
}
