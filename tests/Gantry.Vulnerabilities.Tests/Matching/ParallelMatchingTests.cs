using Gantry.Core;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Matching;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// A large SBOM is matched on several threads, each with its own reader: the findings and their order must be what
/// matching the packages one at a time gives.
/// </summary>
[Slow(SlowBecause.CorpusDatabase)]
public sealed class ParallelMatchingTests
{
    [Fact]
    public void Should_FindWhatOnePackageAtATimeFinds_When_TheSbomIsMatchedOnSeveralThreads()
    {
        var packages = Directory.GetDirectories(FeedCorpus.Path("osv-pypi")).Order(StringComparer.Ordinal)
            .SelectMany(d => new[] { "0.1", "1.0.0", "2.0" }.Select(v => new Package { Name = Path.GetFileName(d), Version = v, Type = PackageType.Python, FoundBy = "test" }))
            .ToList();
        Assert.True(packages.Count > 1000, $"only {packages.Count} packages: the SBOM must be large enough for several threads");
        using var store = SqliteVulnerabilityStore.Open(CorpusVulnerabilityDatabase.Path);

        var together = VulnerabilityMatcher.Match(Sbom(packages), store);
        var oneByOne = packages.SelectMany(p => VulnerabilityMatcher.Match(Sbom([p]), store).Findings).ToList();

        Assert.NotEmpty(oneByOne);
        Assert.Equal(oneByOne.Select(Key), together.Findings.Select(Key));
    }

    private static Sbom Sbom(List<Package> packages) => new()
    {
        Source = new ImageDescription { Input = "test", Kind = "sbom" },
        Packages = packages,
    };

    private static string Key(Finding f) => $"{f.Package.Id} {f.Vulnerability.Id} {f.Constraint} {f.FixState}";
}
