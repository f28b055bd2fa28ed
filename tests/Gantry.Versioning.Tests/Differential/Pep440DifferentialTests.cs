using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning.Pep440;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's PEP 440 ordering, normalization and specifiers against python3-packaging.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class Pep440DifferentialTests(ITestOutputHelper log)
{
    private const string Script = """
        import sys
        from packaging.version import Version, InvalidVersion
        from packaging.specifiers import SpecifierSet, InvalidSpecifier
        def parse(s):
            try:
                return Version(s)
            except InvalidVersion:
                return None
        out = []
        for line in open(sys.argv[1], encoding='utf-8'):
            a, b = line.rstrip('\n').split('\t')
            va, vb = parse(a), parse(b)
            if va is None or vb is None:
                out.append('invalid %d %d' % (va is not None, vb is not None))
            else:
                out.append('%d %s %s' % ((va > vb) - (va < vb), va, vb))
        for line in open(sys.argv[2], encoding='utf-8'):
            spec, v = line.rstrip('\n').split('\t')
            try:
                out.append(str(SpecifierSet(spec).contains(Version(v), prereleases=True)))
            except InvalidSpecifier:
                out.append('invalid')
        print('\n'.join(out))
        """;

    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">", "~=", "==="];

    [Fact]
    public async Task Should_Agree_With_Packaging_When_Ordering_And_Matching_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("python3-packaging", "/usr/lib/python3/dist-packages/packaging/version.py");
        var real = CorpusVersions.FromVectors("pypi").Concat(CorpusVersions.FromOsvPypi()).Where(DifferentialRun.IsUsable);
        var versions = PairSampler.Sample(PairSampler.Variations(real, "a1", "rc2", ".post1", ".dev3", "+local.7", ".0", "-1", "b", "!"), 1_500);
        var pairs = PairSampler.Pairs(versions, 1_500);

        var valid = versions.Where(v => Pep440Version.TryParseStrict(v, out _) is not null).ToList();
        var random = new Random(440);
        var specifiers = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var v = valid[random.Next(valid.Count)];
            var op = Operators[random.Next(Operators.Length)];
            var release = v.Split(new[] { 'a', 'b', 'r', 'c', '.', '+', '-', '!', 'p', 'd' }, StringSplitOptions.RemoveEmptyEntries);
            specifiers.Add(i % 5 == 0 && release.Length > 1 ? $"=={release[0]}.{release[1]}.*"
                : i % 7 == 0 ? $">={v}, <{valid[random.Next(valid.Count)]}"
                : i % 11 == 0 ? $" {op} {v} ,"
                : op + v);
        }

        var checks = specifiers.SelectMany(s => Enumerable.Range(0, 8).Select(_ => (Spec: s, Version: valid[random.Next(valid.Count)]))).ToList();

        using var run = new DifferentialRun();
        var pairFile = run.WriteRows("pairs.tsv", pairs.Select(p => new[] { p.A, p.B }));
        var specFile = run.WriteRows("specs.tsv", checks.Select(c => new[] { c.Spec, c.Version }));
        var output = await ProcessRunner.CheckedAsync("/usr/bin/python3", run.WriteScript("pep440.py", Script), pairFile, specFile);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count + checks.Count, results.Length);

        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var fields = results[i].Split(' ');
            var va = Pep440Version.TryParseStrict(a, out _);
            var vb = Pep440Version.TryParseStrict(b, out _);
            if (fields[0] == "invalid")
            {
                run.Check((fields[1] == "1") == (va is not null) && (fields[2] == "1") == (vb is not null), $"{a} / {b}: packaging validity {fields[1]} {fields[2]}, Gantry {va is not null} {vb is not null}");
                continue;
            }

            if (va is null || vb is null)
            {
                run.Check(false, $"{a} / {b}: packaging parses both, Gantry does not");
                continue;
            }

            var actual = va.CompareTo(vb);
            run.Check(actual == DifferentialRun.ParseSign(fields[0]), $"{a} vs {b}: packaging {fields[0]}, Gantry {actual}");
            run.Check(va.Normalized == fields[1] && vb.Normalized == fields[2], $"normalized {a} / {b}: packaging {fields[1]} {fields[2]}, Gantry {va.Normalized} {vb.Normalized}");
        }

        for (var i = 0; i < checks.Count; i++)
        {
            var (spec, version) = checks[i];
            var expected = results[pairs.Count + i];
            var parsed = VersionSchemes.Pep440.TryParseConstraint(spec, out var constraint, out var error);
            if (expected == "invalid" || !parsed)
            {
                run.Check(expected == "invalid" && !parsed, $"'{spec}': packaging {expected}, Gantry {(parsed ? "parses" : error)}");
                continue;
            }

            var actual = constraint!.IsSatisfiedBy(version);
            run.Check(actual.ToString() == expected, $"'{version}' in '{spec}': packaging {expected}, Gantry {actual}");
        }

        run.AssertAgreement(minimum: 5_000, log);
    }
}
