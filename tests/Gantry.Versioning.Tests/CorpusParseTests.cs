using Gantry.Versioning.Tests.Support;

namespace Gantry.Versioning.Tests;

/// <summary>Every version the real feeds in the corpus use parses in the scheme the matcher will use for it.</summary>
public sealed class CorpusParseTests
{
    [Fact]
    public void Should_Parse_Every_PyPI_Event_Version_As_Pep440() => AssertAllParse(CorpusVersions.FromOsvPypi(), VersionSchemes.Pep440, minimum: 1_000);

    [Fact]
    public void Should_Parse_Every_Go_Event_Version_As_SemVer_And_Go_Module()
    {
        AssertAllParse(CorpusVersions.FromOsvGo(), VersionSchemes.SemVer, minimum: 1_000);
        AssertAllParse(CorpusVersions.FromOsvGo().Select(v => "v" + v), VersionSchemes.GoModule, minimum: 1_000);
    }

    [Fact]
    public void Should_Parse_Every_Alpine_Secfix_Version_As_Apk() => AssertAllParse(CorpusVersions.FromAlpineSecdb(), VersionSchemes.Apk, minimum: 1_000);

    [Fact]
    public void Should_Parse_Every_Installed_Debian_Version_As_Dpkg() => AssertAllParse(CorpusVersions.FromDpkgStatus(), VersionSchemes.Dpkg, minimum: 50);

    private static void AssertAllParse(IEnumerable<string> versions, IVersionComparer comparer, int minimum)
    {
        var all = versions.ToList();
        var failures = all.Where(v => !comparer.TryParse(v, out _, out _)).Distinct().ToList();
        Assert.True(all.Count >= minimum, $"only {all.Count} versions");
        Assert.True(failures.Count == 0, $"{failures.Count} of {all.Count} do not parse: {string.Join(", ", failures.Take(20))}");
    }
}
