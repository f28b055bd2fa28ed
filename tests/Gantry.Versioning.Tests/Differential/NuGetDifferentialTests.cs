using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;
using NuGetVersioning = NuGet.Versioning;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's NuGet ordering and ranges against the NuGet.Versioning package, in process.</summary>
public sealed class NuGetDifferentialTests(ITestOutputHelper log)
{
    [Fact]
    public void Should_Agree_With_NuGet_Versioning_When_Ordering_And_Ranging_Corpus_Versions()
    {
        var real = CorpusVersions.FromVectors("nuget")
            .Concat(CorpusVersions.FromVectors("semver"))
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvGo(), 500))
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvPypi(), 500))
            .Where(DifferentialRun.IsUsable);
        var versions = PairSampler.Sample(PairSampler.Variations(real, ".1", "-beta", "-BETA.2", "+meta", "-rc.1.x", ".0.0", "-01"), 1_500);
        var pairs = PairSampler.Pairs(versions, 1_500);
        using var run = new DifferentialRun();

        foreach (var (a, b) in pairs)
        {
            var realValid = NuGetVersioning.NuGetVersion.TryParse(a, out var ra) & NuGetVersioning.NuGetVersion.TryParse(b, out var rb);
            var parsed = VersionSchemes.NuGet.TryParse(a, out var pa, out _) & VersionSchemes.NuGet.TryParse(b, out var pb, out _);
            if (!realValid)
            {
                // NuGet.Versioning caps numbers at int.MaxValue; Gantry orders any length (the vector file needs it).
                run.Check(!parsed || (a + b).Split('.', '-', '+').Any(p => p.Length > 9), $"{a} / {b}: NuGet rejects, Gantry parses");
                continue;
            }

            var expected = Math.Sign(NuGetVersioning.VersionComparer.Default.Compare(ra, rb));
            run.Check(parsed && pa!.CompareTo(pb) == expected, $"{a} vs {b}: NuGet {expected}, Gantry {(parsed ? pa!.CompareTo(pb) : "rejects")}");
        }

        var valid = versions.Where(v => NuGetVersioning.NuGetVersion.TryParse(v, out _)).ToList();
        var random = new Random(5);
        string Pick() => valid[random.Next(valid.Count)];
        var templates = new Func<string>[]
        {
            () => $"[{Pick()},{Pick()})", () => $"({Pick()},{Pick()}]", () => $"[{Pick()}]", () => $"(,{Pick()}]", () => $"[{Pick()},)",
            () => $"({Pick()},)", () => Pick(), () => $"[{Pick()}, {Pick()}]", () => $"(,{Pick()})",
        };
        foreach (var range in Enumerable.Range(0, 400).Select(i => templates[i % templates.Length]()))
        {
            var realValid = NuGetVersioning.VersionRange.TryParse(range, out var realRange);
            var parsed = VersionSchemes.NuGet.TryParseConstraint(range, out var constraint, out var error);
            if (!realValid || !parsed)
            {
                run.Check(!realValid && !parsed, $"'{range}': NuGet valid={realValid}, Gantry {(parsed ? "parses" : error)}");
                continue;
            }

            for (var i = 0; i < 8; i++)
            {
                var version = Pick();
                var expected = realRange!.Satisfies(NuGetVersioning.NuGetVersion.Parse(version));
                run.Check(constraint!.IsSatisfiedBy(version) == expected, $"'{version}' in '{range}': NuGet {expected}");
            }
        }

        run.AssertAgreement(minimum: 5_000, log);
    }
}
