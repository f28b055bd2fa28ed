using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.Cli.Commands;
using Gantry.Cli.Infrastructure;
using Gantry.Engine;
using Gantry.IntegrationTests.Registry;
using Gantry.TestKit;
using Gantry.TestKit.Images;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.IntegrationTests.Gate;

/// <summary>
/// The CI recipes in <c>examples/ci</c>: every <c>gantry</c> line parses with the real command tree, and their gate and
/// verify lines run against the local registry (and, for the Docker Content Trust variants, the local notary-server).
/// </summary>
[Slow(SlowBecause.Registry)]
[Collection(RegistryCollection.Name)]
public sealed class CiRecipeTests : IDisposable
{
    // The Notary recipes read these as the CI system's secrets; every test sets the same values.
    private const string TrustPassphrase = "ci-recipe-trust-passphrase";
    private readonly RegistryFixture _registries;
    private readonly GateScenario _scenario = new();

    public CiRecipeTests(RegistryFixture registries)
    {
        _registries = registries;
        Environment.SetEnvironmentVariable("GANTRY_TRUST_ROOT_PASSPHRASE", TrustPassphrase);
        Environment.SetEnvironmentVariable("GANTRY_TRUST_REPOSITORY_PASSPHRASE", TrustPassphrase);
    }

    public static TheoryData<string> Recipes => new(CiRecipes.Files);

    public void Dispose() => _scenario.Dispose();

    [Theory]
    [MemberData(nameof(Recipes))]
    public void Should_Use_Only_Real_Commands_And_Flags_When_Parsed_By_The_Gantry_Command_Tree(string recipe)
    {
        var lines = CiRecipes.GantryLines(recipe);
        var root = new RootCommand();
        foreach (var command in CommandList.Create(CliHarness.Console(TextWriter.Null, TextWriter.Null), new GantryEngine()))
        {
            root.Subcommands.Add(command);
        }

        var placeholders = Variables("registry.example.com", "1", "build/app.tar", "ci/keys", "reports", "https://notary.example.com");
        Assert.Contains(lines, l => l.StartsWith("gantry gate ", StringComparison.Ordinal) && l.Contains("--report", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            var words = CiRecipes.Words(line, placeholders);
            var parsed = root.Parse(words[1..]);
            Assert.True(parsed.Errors.Count == 0, $"{recipe}: {line}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            Assert.NotSame(root, parsed.CommandResult.Command);
        }
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public async Task Should_Promote_And_Verify_A_Passing_Image_When_Running_The_Recipes_Gantry_Lines(string recipe)
    {
        var registry = await _registries.PlainAsync();
        var keys = Path.Combine(_scenario.Folder, "keys");
        var release = _scenario.KeyPair("release", keys);
        var image = GateScenario.BaseImage();
        var archive = Path.Combine(_scenario.Folder, "app.tar");
        var lines = CiRecipes.GantryLines(recipe).Where(l => !l.StartsWith("gantry db ", StringComparison.Ordinal)).ToList();
        var reports = Path.Combine(_scenario.Folder, "reports");
        // Every recipe signs the same repository (TRUSTED_REGISTRY/app), each with its own keys: a notary-server of its own.
        using var notary = lines.Any(l => l.Contains("--trust-server", StringComparison.Ordinal)) ? await NotaryServer.StartAsync() : null;
        var variables = Variables(registry.Host, recipe.Trim('.').Replace('.', '-'), archive, keys, reports, notary?.Url ?? "http://127.0.0.1:1");
        variables["SIGNING_KEY"] = release.PrivateKey;

        foreach (var line in lines)
        {
            if (line.Contains("oci-archive:$IMAGE_ARCHIVE", StringComparison.Ordinal))
            {
                SyntheticImage.WriteOciArchive(image, archive);
            }
            else
            {
                SyntheticImage.WriteDockerArchive(image, archive);
            }

            var result = await CliHarness.RunAsync([.. CiRecipes.Words(line, variables)[1..], "--insecure-registry", registry.Host]);
            Assert.True(result.ExitCode == 0, $"{recipe}: {line}: exit {result.ExitCode}: {result.Stderr}");
        }

        Assert.Contains(lines, l => l.StartsWith("gantry verify ", StringComparison.Ordinal));
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(reports, "gate.json")));
        var pushed = report.RootElement.GetProperty("pushed").GetString()!;
        if (lines.Any(l => l.Contains("oci-archive:", StringComparison.Ordinal)))
        {
            Assert.Equal($"{registry.Host}/app@{image.ManifestDigest}", pushed);
        }
        else
        {
            // A docker archive holds no manifest: the copy writes one, so only its form is known in advance.
            Assert.Matches($"^{Regex.Escape(registry.Host)}/app@sha256:[0-9a-f]{{64}}$", pushed);
        }

        Assert.True(report.RootElement.GetProperty("signatureVerified").GetBoolean());
        if (lines.Any(l => l.Contains("--trust-server", StringComparison.Ordinal)))
        {
            Assert.True(report.RootElement.GetProperty("notarySignature").GetProperty("verified").GetBoolean());
        }
    }

    /// <summary>The variables the recipes define or take from the CI system, with the values of one run.</summary>
    private static Dictionary<string, string> Variables(string registry, string tag, string archive, string keys, string reports, string notaryServer) =>
        new(StringComparer.Ordinal)
    {
        ["TRUSTED_REGISTRY"] = registry,
        ["IMAGE_TAG"] = tag,
        ["IMAGE_ARCHIVE"] = archive,
        ["POLICY_BUNDLE"] = GateScenario.DefaultBundle,
        ["TRUSTED_KEYS"] = keys,
        ["PUBLIC_KEY"] = Path.Combine(keys, "release.pub"),
        ["SIGNING_KEY"] = Path.Combine(keys, "release.key"),
        ["REPORT_DIR"] = reports,
        ["NOTARY_SERVER"] = notaryServer,
        ["TRUST_DIR"] = Path.Combine(keys, "trust"),
    };
}
