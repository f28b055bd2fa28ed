using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's RubyGems ordering and requirements against Ruby's <c>Gem::Version</c> and <c>Gem::Requirement</c>.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class RubyGemsDifferentialTests(ITestOutputHelper log)
{
    private const string Script = """
        out = []
        File.foreach(ARGV[0]) do |line|
          a, b = line.chomp.split("\t")
          out << (Gem::Version.correct?(a) && Gem::Version.correct?(b) ? (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s : 'invalid')
        end
        File.foreach(ARGV[1]) do |line|
          req, v = line.chomp.split("\t")
          begin
            out << Gem::Requirement.new(*req.split(/\s*,\s*/)).satisfied_by?(Gem::Version.new(v)).to_s
          rescue Gem::Requirement::BadRequirementError, ArgumentError
            out << 'invalid'
          end
        end
        puts out
        """;

    private static readonly string[] Operators = ["", "= ", "!= ", "> ", "< ", ">= ", "<= ", "~> "];

    [Fact]
    public async Task Should_Agree_With_Ruby_When_Ordering_And_Matching_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("ruby", "/usr/bin/ruby");
        var real = CorpusVersions.FromVectors("rubygems")
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvPypi(), 600))
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvGo(), 300))
            .Where(DifferentialRun.IsUsable);
        var versions = PairSampler.Sample(PairSampler.Variations(real, ".pre", ".rc1", "-beta.2", ".0", ".a.1", "-1", ".b"), 1_500);
        var pairs = PairSampler.Pairs(versions, 1_500);

        var valid = versions.Where(v => VersionSchemes.RubyGems.TryParse(v, out _, out _)).ToList();
        var random = new Random(11);
        string Pick() => valid[random.Next(valid.Count)];
        var requirements = Enumerable.Range(0, 400)
            .Select(i => i % 4 == 0 ? $"~> {Pick()}, >= {Pick()}" : Operators[random.Next(Operators.Length)] + Pick())
            .ToList();
        var checks = requirements.SelectMany(r => Enumerable.Range(0, 8).Select(_ => (Requirement: r, Version: Pick()))).ToList();

        using var run = new DifferentialRun();
        var pairFile = run.WriteRows("pairs.tsv", pairs.Select(p => new[] { p.A, p.B }));
        var requirementFile = run.WriteRows("requirements.tsv", checks.Select(c => new[] { c.Requirement, c.Version }));
        var output = await ProcessRunner.CheckedAsync("ruby", run.WriteScript("gems.rb", Script), pairFile, requirementFile);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count + checks.Count, results.Length);

        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var parsed = VersionSchemes.RubyGems.TryParse(a, out var pa, out _) & VersionSchemes.RubyGems.TryParse(b, out var pb, out _);
            if (results[i] == "invalid" || !parsed)
            {
                run.Check(results[i] == "invalid" && !parsed, $"{a} / {b}: Ruby {results[i]}, Gantry parses both: {parsed}");
                continue;
            }

            var actual = pa!.CompareTo(pb);
            run.Check(actual == DifferentialRun.ParseSign(results[i]), $"{a} vs {b}: Ruby {results[i]}, Gantry {actual}");
        }

        for (var i = 0; i < checks.Count; i++)
        {
            var (requirement, version) = checks[i];
            var expected = results[pairs.Count + i];
            var parsed = VersionSchemes.RubyGems.TryParseConstraint(requirement, out var constraint, out var error);
            if (expected == "invalid" || !parsed)
            {
                run.Check(expected == "invalid" && !parsed, $"'{requirement}': Ruby {expected}, Gantry {(parsed ? "parses" : error)}");
                continue;
            }

            var actual = constraint!.IsSatisfiedBy(version) ? "true" : "false";
            run.Check(actual == expected, $"'{version}' satisfies '{requirement}': Ruby {expected}, Gantry {actual}");
        }

        run.AssertAgreement(minimum: 5_000, log);
    }
}
