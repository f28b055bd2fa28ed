using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's Maven ordering and ranges against Maven's own <c>ComparableVersion</c> and <c>VersionRange</c>.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class MavenDifferentialTests(ITestOutputHelper log)
{
    private const string MavenArtifactJar = "/usr/share/maven/lib/maven-artifact-3.x.jar";

    /// <summary>DefaultArtifactVersion (used by VersionRange) needs commons-lang3 beside maven-artifact.</summary>
    private const string ClassPath = MavenArtifactJar + ":/usr/share/maven/lib/commons-lang3.jar";

    private const string Program = """
        import org.apache.maven.artifact.versioning.*;
        import java.nio.file.*;
        import java.util.*;
        public class MavenOracle {
          public static void main(String[] args) throws Exception {
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(Path.of(args[0]))) {
              String[] p = line.split("\t");
              out.append(Integer.signum(new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1])))).append('\n');
            }
            for (String line : Files.readAllLines(Path.of(args[1]))) {
              String[] p = line.split("\t");
              try {
                out.append(VersionRange.createFromVersionSpec(p[0]).containsVersion(new DefaultArtifactVersion(p[1]))).append('\n');
              } catch (InvalidVersionSpecificationException e) {
                out.append("invalid\n");
              }
            }
            System.out.print(out);
          }
        }
        """;

    [Fact]
    public async Task Should_Agree_With_Maven_When_Ordering_And_Ranging_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("maven", MavenArtifactJar);
        await ToolInstaller.EnsureAptPackageAsync("default-jdk-headless", "/usr/bin/javac");
        var real = CorpusVersions.FromVectors("maven")
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvPypi(), 400))
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvGo(), 300))
            .Where(DifferentialRun.IsUsable)
            .Where(v => v.Any(char.IsAsciiLetterOrDigit));
        var versions = PairSampler.Sample(PairSampler.Variations(real, "-SNAPSHOT", "-alpha-1", ".Final", "-rc1", "-sp1", "-1", "a1", "-ga", ".RELEASE", "-0"), 1_500);
        var pairs = PairSampler.Pairs(versions, 1_500);

        var random = new Random(3);
        string Pick() => versions[random.Next(versions.Count)];
        var templates = new Func<string>[]
        {
            () => $"[{Pick()},{Pick()})", () => $"({Pick()},{Pick()}]", () => $"[{Pick()}]", () => $"(,{Pick()}]", () => $"[{Pick()},)",
            () => $"(,{Pick()}),[{Pick()},)", () => $"({Pick()},)",
        };
        var checks = Enumerable.Range(0, 300).Select(i => templates[i % templates.Length]())
            .SelectMany(range => Enumerable.Range(0, 8).Select(_ => (Range: range, Version: Pick()))).ToList();

        using var run = new DifferentialRun();
        var pairFile = run.WriteRows("pairs.tsv", pairs.Select(p => new[] { p.A, p.B }));
        var rangeFile = run.WriteRows("ranges.tsv", checks.Select(c => new[] { c.Range, c.Version }));
        var output = await ProcessRunner.CheckedAsync("java", "-cp", ClassPath, run.WriteScript("MavenOracle.java", Program), pairFile, rangeFile);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count + checks.Count, results.Length);

        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var expected = DifferentialRun.ParseSign(results[i]);
            var actual = VersionSchemes.Maven.Compare(a, b);
            run.Check(actual == expected, $"{a} vs {b}: Maven {expected}, Gantry {actual}");
        }

        for (var i = 0; i < checks.Count; i++)
        {
            var (range, version) = checks[i];
            var expected = results[pairs.Count + i];
            var parsed = VersionSchemes.Maven.TryParseConstraint(range, out var constraint, out var error);
            if (expected == "invalid" || !parsed)
            {
                run.Check(expected == "invalid" && !parsed, $"'{range}': Maven {expected}, Gantry {(parsed ? "parses" : error)}");
                continue;
            }

            var actual = constraint!.IsSatisfiedBy(version) ? "true" : "false";
            run.Check(actual == expected, $"'{version}' in '{range}': Maven {expected}, Gantry {actual}");
        }

        run.AssertAgreement(minimum: 5_000, log);
    }
}
