using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.Versioning.Tests.Support;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's dpkg ordering against <c>dpkg --compare-versions</c>.</summary>
public sealed class DpkgDifferentialTests
{
    /// <summary>dpkg has no batch mode: each chunk of pairs runs through one shell loop; chunks run in parallel.</summary>
    private const string Loop = """
        while IFS="$(printf '\t')" read -r a b; do
          if dpkg --compare-versions "$a" lt "$b" 2>"$ERR"; then r='<'; elif dpkg --compare-versions "$a" gt "$b" 2>/dev/null; then r='>'; else r='='; fi
          if [ -s "$ERR" ]; then echo "!$r"; else echo "$r"; fi
        done
        """;

    [Fact]
    public async Task Should_Order_Like_Dpkg_When_Comparing_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("dpkg", "/usr/bin/dpkg");
        var real = CorpusVersions.FromVectors("debian").Concat(CorpusVersions.FromDpkgStatus()).Where(Differential.IsUsable);
        var versions = PairSampler.Sample(PairSampler.Variations(real, "~rc1", "+b1", "-1", "-0ubuntu1", "+deb12u1", ".1", "~", "a", "-1~bpo1"), 900)
            .Concat(PairSampler.Sample(real, 300).Select(v => "1:" + v))
            .Concat(["1.0-", "a1.0", "1:", "1.0_1", "1.0-1_2", "-1", "1.0-a:b"]);
        var pairs = PairSampler.Pairs(versions, 1_300);

        using var run = new Differential();
        var chunks = pairs.Chunk((pairs.Count + 1) / 2).ToList();
        var outputs = await Task.WhenAll(chunks.Select(async (chunk, i) =>
        {
            var input = run.WriteRows($"pairs{i}.tsv", chunk.Select(p => new[] { p.A, p.B }));
            var result = await ProcessRunner.RunAsync(
                "bash", ["-c", Loop + " < \"$IN\""],
                environment: new Dictionary<string, string> { ["IN"] = input, ["ERR"] = Path.Combine(run.Folder, $"err{i}") });
            Assert.True(result.ExitCode == 0, result.Stderr);
            return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }));

        var results = outputs.SelectMany(o => o).ToList();
        Assert.Equal(pairs.Count, results.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var dpkgValid = !results[i].StartsWith('!');
            var expected = results[i].TrimStart('!') switch { "<" => -1, ">" => 1, _ => 0 };
            var oursValid = VersionSchemes.Dpkg.TryParse(a, out var pa, out _) & VersionSchemes.Dpkg.TryParse(b, out var pb, out _);
            if (!dpkgValid || !oursValid)
            {
                run.Check(dpkgValid == oursValid, $"{a} vs {b}: dpkg valid={dpkgValid}, Gantry valid={oursValid}");
                continue;
            }

            var actual = pa!.CompareTo(pb);
            run.Check(actual == expected, $"{a} vs {b}: dpkg {expected}, Gantry {actual}");
        }

        run.AssertAgreement(minimum: 2_000);
    }
}
