using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's rpm ordering against <c>rpm.labelCompare</c> from python3-rpm.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class RpmDifferentialTests(ITestOutputHelper log)
{
    /// <summary>
    /// Splits EVR like Gantry documents it (epoch before the first ':' when all digits, release after the last '-',
    /// a missing release passed as None) and lets rpm order the tuples.
    /// </summary>
    private const string Script = """
        import sys, rpm
        def evr(s):
            e = None
            head, sep, tail = s.partition(':')
            if sep and head.isdigit() and head.isascii():
                e, s = head, tail
            v, sep, r = s.rpartition('-')
            return (e, v, r) if sep else (e, s, None)
        out = []
        for line in open(sys.argv[1], encoding='utf-8'):
            a, b = line.rstrip('\n').split('\t')
            out.append(str(rpm.labelCompare(evr(a), evr(b))))
        print('\n'.join(out))
        """;

    [Fact]
    public async Task Should_Order_Like_Rpm_LabelCompare_When_Comparing_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("python3-rpm", "/usr/lib/python3/dist-packages/rpm/__init__.py");
        var real = CorpusVersions.FromVectors("redhat")
            .Concat(PairSampler.Sample(CorpusVersions.FromDpkgStatus(), 300))
            .Concat(PairSampler.Sample(CorpusVersions.FromOsvPypi(), 300))
            .Concat(PairSampler.Sample(CorpusVersions.FromAlpineSecdb(), 200))
            .Where(DifferentialRun.IsUsable);
        var versions = PairSampler.Sample(PairSampler.Variations(real, "~rc1", "^git1", "-1.el9", ".el8_2", "a", "-1", "~", "^"), 1_400)
            .Concat(PairSampler.Sample(real, 200).Select(v => "2:" + v));
        var pairs = PairSampler.Pairs(versions, 2_000);

        using var run = new DifferentialRun();
        var input = run.WriteRows("pairs.tsv", pairs.Select(p => new[] { p.A, p.B }));
        var output = await ProcessRunner.CheckedAsync("/usr/bin/python3", run.WriteScript("rpmcmp.py", Script), input);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, results.Length);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var expected = DifferentialRun.ParseSign(results[i]);
            var actual = VersionSchemes.Rpm.Compare(a, b);
            run.Check(actual == expected, $"{a} vs {b}: rpm {expected}, Gantry {actual}");
        }

        run.AssertAgreement(minimum: 3_000, log);
    }
}
