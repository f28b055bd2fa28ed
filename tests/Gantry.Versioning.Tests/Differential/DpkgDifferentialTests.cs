using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's dpkg ordering against <c>dpkg --compare-versions</c>.</summary>
public sealed class DpkgDifferentialTests(ITestOutputHelper log)
{
    /// <summary>
    /// dpkg has no batch mode and costs a process per call, so each line asks one question: does the relation Gantry
    /// computed (lt, eq or gt) hold for dpkg? A '!' marks a line where dpkg warned that a version has bad syntax.
    /// </summary>
    private const string Loop = """
        while IFS=$'\t' read -r op a b; do
          if dpkg --compare-versions "$a" "$op" "$b" 2>"$ERR"; then r=1; else r=0; fi
          if [ -s "$ERR" ]; then echo "!$r"; else echo "$r"; fi
        done < "$IN"
        """;

    [Fact]
    public async Task Should_Order_Like_Dpkg_When_Comparing_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("dpkg", "/usr/bin/dpkg");
        var real = CorpusVersions.FromVectors("debian").Concat(CorpusVersions.FromDpkgStatus()).Where(DifferentialRun.IsUsable).ToList();
        var versions = PairSampler.Sample(PairSampler.Variations(real, "~rc1", "+b1", "-1", "-0ubuntu1", "+deb12u1", ".1", "~", "a", "-1~bpo1"), 900)
            .Concat(PairSampler.Sample(real, 150).Select(v => "1:" + v))
            .Concat(["1.0-", "a1.0", "1:", "1.0_1", "1.0-1_2", "-1", "1.0-a:b", "x:1.0", "1.0-1-", "1.0 1"])
            .ToList();

        // Neighbours in Gantry's sorted order: if dpkg agrees on each, it agrees on every pair of these versions
        // (both orders are total). Random pairs and the invalid versions are checked on top.
        var valid = versions.Where(v => VersionSchemes.Dpkg.TryParse(v, out _, out _)).Distinct().Order(VersionSchemes.Dpkg).ToList();
        var invalid = versions.Where(v => !VersionSchemes.Dpkg.TryParse(v, out _, out _)).ToList();
        var random = new Random(6);
        var pairs = valid.Zip(valid.Skip(1))
            .Concat(Enumerable.Range(0, 250).Select(_ => (valid[random.Next(valid.Count)], valid[random.Next(valid.Count)])))
            .Concat(invalid.Select(v => (v, "1.0")))
            .ToList();

        using var run = new DifferentialRun();
        var relations = pairs.Select(p => Relation(p.Item1, p.Item2)).ToList();
        var rows = pairs.Select((p, i) => new[] { relations[i] ?? "eq", p.Item1, p.Item2 }).ToList();
        var chunks = rows.Chunk((rows.Count + 1) / 2).ToList();
        var outputs = await Task.WhenAll(chunks.Select(async (chunk, i) =>
        {
            var result = await ProcessRunner.RunAsync("bash", ["-c", Loop], environment: new Dictionary<string, string>
            {
                ["IN"] = run.WriteRows($"pairs{i}.tsv", chunk),
                ["ERR"] = Path.Combine(run.Folder, $"err{i}"),
            });
            Assert.True(result.ExitCode == 0, result.Stderr);
            return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }));

        var results = outputs.SelectMany(o => o).ToList();
        Assert.Equal(rows.Count, results.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (op, a, b) = (rows[i][0], rows[i][1], rows[i][2]);
            var dpkgValid = !results[i].StartsWith('!');
            var oursValid = relations[i] is not null;
            if (!dpkgValid || !oursValid)
            {
                run.Check(dpkgValid == oursValid, $"{a} / {b}: dpkg valid={dpkgValid}, Gantry valid={oursValid}");
                continue;
            }

            run.Check(results[i] == "1", $"dpkg --compare-versions '{a}' {op} '{b}' is false");
        }

        run.AssertAgreement(minimum: 1_200, log);
    }

    /// <summary>Gantry's answer as a dpkg relation, or null when either version does not parse for Gantry.</summary>
    private static string? Relation(string a, string b) =>
        VersionSchemes.Dpkg.TryParse(a, out var pa, out _) && VersionSchemes.Dpkg.TryParse(b, out var pb, out _)
            ? pa.CompareTo(pb) switch { < 0 => "lt", 0 => "eq", _ => "gt" }
            : null;
}
