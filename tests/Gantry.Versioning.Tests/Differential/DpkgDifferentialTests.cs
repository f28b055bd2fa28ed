using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;
using Gantry.Versioning.Tests.Support;
using Xunit.Abstractions;

namespace Gantry.Versioning.Tests.Differential;

/// <summary>Gantry's dpkg ordering against dpkg's own <c>Dpkg::Version</c> (libdpkg-perl), in one perl process.</summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class DpkgDifferentialTests(ITestOutputHelper log)
{
    /// <summary>
    /// Reads "a TAB b" lines and prints dpkg's comparison (-1, 0 or 1), or '!' when either version is one that
    /// <c>dpkg --compare-versions</c> warns about. <c>version_check</c> misses three errors of dpkg's C parser
    /// (lib/dpkg/parsehelp.c), added here: nothing after the epoch's colon, a ':' in the revision, an epoch above INT_MAX.
    /// </summary>
    private const string Script = """
        sub valid {
            my ($v) = @_;
            return version_check($v) && $v !~ /^[^:]*:$/ && $v !~ /-[^-]*:[^-]*$/ && !($v =~ /^(\d+):/ && $1 > 2147483647);
        }
        while (my $line = <STDIN>) {
            chomp $line;
            my ($a, $b) = split /\t/, $line, 2;
            print valid($a) && valid($b) ? version_compare($a, $b) : '!', "\n";
        }
        """;

    [Fact]
    public async Task Should_Order_Like_Dpkg_When_Comparing_Corpus_Versions()
    {
        await ToolInstaller.EnsureAptPackageAsync("libdpkg-perl", "/usr/share/perl5/Dpkg/Version.pm");
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
        var result = await ProcessRunner.RunAsync("perl", ["-MDpkg::Version", "-e", Script], stdin: string.Concat(pairs.Select(p => $"{p.Item1}\t{p.Item2}\n")));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var results = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, results.Length);
        for (var i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            var ours = Compare(a, b);
            var dpkgValid = results[i] != "!";
            if (!dpkgValid || ours is null)
            {
                run.Check(dpkgValid == (ours is not null), $"{a} / {b}: dpkg valid={dpkgValid}, Gantry valid={ours is not null}");
                continue;
            }

            run.Check(DifferentialRun.ParseSign(results[i]) == ours, $"{a} vs {b}: dpkg {results[i]}, Gantry {ours}");
        }

        run.AssertAgreement(minimum: 1_200, log);
    }

    /// <summary>Gantry's comparison as a sign, or null when either version does not parse for Gantry.</summary>
    private static int? Compare(string a, string b) =>
        VersionSchemes.Dpkg.TryParse(a, out var pa, out _) && VersionSchemes.Dpkg.TryParse(b, out var pb, out _)
            ? Math.Sign(pa.CompareTo(pb))
            : null;
}
