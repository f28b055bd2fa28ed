using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning.SemVer;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's SemVer ordering and npm ranges against node's <c>semver</c> package.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class SemVerDifferentialTests(ITestOutputHelper log)
{
    private const string Script = """
        const fs = require('fs');
        const semver = require('semver');
        const lines = f => fs.readFileSync(f, 'utf8').split('\n').filter(l => l.length > 0).map(l => l.split('\t'));
        const out = [];
        for (const [a, b] of lines(process.argv[2])) {
          out.push(semver.valid(a) && semver.valid(b) ? String(semver.compare(a, b)) : 'invalid');
        }
        for (const [range, v] of lines(process.argv[3])) {
          out.push(semver.validRange(range) === null ? 'invalid' : String(semver.satisfies(v, range)));
        }
        console.log(out.join('\n'));
        """;

    [Fact]
    public async Task Should_Agree_With_Node_Semver_When_Ordering_And_Matching_Corpus_Versions()
    {
        var folder = await ToolInstaller.EnsureNpmPackageAsync("semver@7", "semver");
        var real = CorpusVersions.FromVectors("semver").Concat(CorpusVersions.FromOsvGo()).Where(DifferentialRun.IsUsable);
        var versions = PairSampler.Sample(PairSampler.Variations(real, "-alpha", "-alpha.1", "-rc.1", "+build.5", "-0", "-beta.11", "-x-y"), 1_500);
        var pairs = PairSampler.Pairs(versions, 1_500);

        // Range candidates are strict SemVer (what node-semver accepts); the pairs above also cover lenient input.
        var valid = versions.Where(v => !v.StartsWith('v') && v.Split('-', '+')[0].Count(c => c == '.') == 2
            && SemanticVersion.TryParse(v, VersionScheme.SemVer, strict: true, out _) is not null).ToList();
        var random = new Random(7);
        string Pick() => valid[random.Next(valid.Count)];
        string Partial(string v, int parts) => string.Join('.', v.Split('-', '+')[0].Split('.').Take(parts));
        var templates = new Func<string>[]
        {
            () => "^" + Pick(), () => "~" + Pick(), () => "~>" + Pick(), () => $">={Pick()} <{Pick()}", () => $"{Pick()} - {Pick()}",
            () => $"{Partial(Pick(), 2)}.x", () => Partial(Pick(), 1), () => $"^{Partial(Pick(), 2)}", () => $"~{Partial(Pick(), 1)}",
            () => $"<={Partial(Pick(), 2)}", () => $">{Partial(Pick(), 1)}", () => $"<{Pick()} || >={Pick()}", () => "*",
            () => $">= {Pick()}", () => $"={Pick()}", () => $"{Partial(Pick(), 2)} - {Partial(Pick(), 1)}", () => "^0.0." + random.Next(4),
            () => "^0." + random.Next(3) + ".x", () => $"<{Partial(Pick(), 1)}.x", () => $">{Pick()}",
        };
        var checks = Enumerable.Range(0, 500).Select(i => templates[i % templates.Length]())
            .SelectMany(range => Enumerable.Range(0, 8).Select(_ => (Range: range, Version: Pick()))).ToList();

        using var run = new DifferentialRun();
        var pairFile = run.WriteRows("pairs.tsv", pairs.Select(p => new[] { p.A, p.B }));
        var rangeFile = run.WriteRows("ranges.tsv", checks.Select(c => new[] { c.Range, c.Version }));
        var output = await ProcessRunner.RunAsync("node", [run.WriteScript("semver.js", Script), pairFile, rangeFile], workingDirectory: folder,
            environment: new Dictionary<string, string> { ["NODE_PATH"] = Path.Combine(folder, "node_modules") });
        Assert.True(output.ExitCode == 0, output.Stderr);
        var results = output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count + checks.Count, results.Length);

        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            if (results[i] == "invalid")
            {
                continue; // node-semver is strict (no leading zeros, three numbers); Gantry also reads what feeds write.
            }

            var parsed = VersionSchemes.SemVer.TryParse(a, out var pa, out var error) & VersionSchemes.SemVer.TryParse(b, out var pb, out error);
            run.Check(parsed && pa!.CompareTo(pb) == DifferentialRun.ParseSign(results[i]), $"{a} vs {b}: node {results[i]}, Gantry {(parsed ? pa!.CompareTo(pb) : error)}");
        }

        for (var i = 0; i < checks.Count; i++)
        {
            var (range, version) = checks[i];
            var expected = results[pairs.Count + i];
            var parsed = VersionSchemes.SemVer.TryParseConstraint(range, out var constraint, out var error);
            if (expected == "invalid" || !parsed)
            {
                run.Check(expected == "invalid" && !parsed, $"'{range}': node {expected}, Gantry {(parsed ? "parses" : error)}");
                continue;
            }

            var actual = constraint!.IsSatisfiedBy(version) ? "true" : "false";
            run.Check(actual == expected, $"'{version}' in '{range}': node {expected}, Gantry {actual}");
        }

        run.AssertAgreement(minimum: 5_000, log);
    }
}
