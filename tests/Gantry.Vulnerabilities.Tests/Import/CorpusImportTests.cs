using Gantry.Core;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests.Import;

/// <summary>The whole corpus imported as <c>gantry db import</c> does (the shared <see cref="CorpusVulnerabilityDatabase"/>).</summary>
[Slow(SlowBecause.CorpusDatabase)]
public class CorpusImportTests
{
    private static string Db => CorpusVulnerabilityDatabase.Path;

    [Fact]
    public void Should_Import_Every_Go_Record_When_Importing_The_Osv_Go_Folder()
    {
        var folder = FeedCorpus.Path("osv-go");

        var summary = Summary("osv-go");

        var files = Directory.GetFiles(folder).Length;
        Assert.Equal(files, summary.Files);
        Assert.Equal(files, summary.Records);
        Assert.Equal(0, summary.Skipped);
        using var store = SqliteVulnerabilityStore.Open(Db);
        var gin = Assert.Single(store.FindAffected("Go", "github.com/gin-gonic/gin"), a => a.VulnerabilityId == "GO-2020-0001");
        Assert.Equal(FixState.Fixed, gin.FixState);
        Assert.Equal(["1.6.0"], gin.FixedVersions);
        Assert.Equal("SEMVER: introduced 0, fixed 1.6.0", Assert.Single(gin.Ranges).ToString());
        Assert.Contains("CVE-2020-36567", store.GetVulnerability("GO-2020-0001")!.Aliases);
    }

    [Fact]
    public void Should_Account_For_Every_File_When_Importing_The_Osv_Pypi_Folder()
    {
        var folder = FeedCorpus.Path("osv-pypi");

        var summary = Summary("osv-pypi");

        var all = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        var yaml = all.Count(f => f.EndsWith(".yaml", StringComparison.Ordinal));
        Assert.Equal(all.Length, summary.Files);
        Assert.Equal(yaml, summary.Records);
        var issue = Assert.Single(VulnerabilityDatabase.ReadIssues(Db, "osv-pypi"));
        Assert.EndsWith(".id-allocator", issue.File);
        Assert.Contains("not an OSV record", issue.Reason);
        using var store = SqliteVulnerabilityStore.Open(Db);
        var record = store.GetVulnerability("PYSEC-2020-342")!;
        var cvss = Assert.Single(record.Cvss);
        Assert.Equal(9.8, cvss.BaseScore);
        Assert.Equal(Severity.Critical, record.Severity);
        Assert.NotEmpty(store.FindAffected("PyPI", PackageNames.Normalize("PyPI", "Apache_SkyWalking")));
    }

    [Fact]
    public void Should_Store_Each_Secfix_Under_Its_Branch_When_Importing_The_Alpine_Secdb()
    {
        var folder = FeedCorpus.Path("alpine-secdb");

        var summary = Summary("alpine-secdb");

        // Independent count with YamlDotNet's object model: every secfix line is an affected row or a reported issue,
        // except exact repeats of a (branch, package, version, id) statement, which are stored once.
        var deserializer = new YamlDotNet.Serialization.Deserializer();
        var statements = new HashSet<string>(StringComparer.Ordinal);
        var lines = 0;
        foreach (var file in Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories))
        {
            var document = deserializer.Deserialize<Dictionary<string, object>>(File.ReadAllText(file));
            foreach (Dictionary<object, object> item in document["packages"] as List<object> ?? [])
            {
                var pkg = (Dictionary<object, object>)item["pkg"];
                foreach (var (version, ids) in pkg["secfixes"] as Dictionary<object, object> ?? [])
                {
                    foreach (string line in ids as List<object> ?? [])
                    {
                        lines++;
                        statements.Add($"{document["distroversion"]}|{pkg["name"]}|{version}|{line.Split(' ')[0].Split('.')[0]}");
                    }
                }
            }
        }

        var issues = VulnerabilityDatabase.ReadIssues(Db, "alpine-secdb");
        Assert.Equal(18, summary.Files);
        Assert.All(issues, i => Assert.Contains("no vulnerability id", i.Reason));
        Assert.InRange(summary.Affected, statements.Count - issues.Count, lines - issues.Count);
        using var store = SqliteVulnerabilityStore.Open(Db);
        var openssl = store.FindAffected("alpine:3.11", "openssl");
        var fix = Assert.Single(openssl, a => a.VulnerabilityId == "CVE-2019-1543");
        Assert.Equal(["1.1.1b-r1"], fix.FixedVersions);
        Assert.Contains("alpine:3.3", store.Namespaces());
        Assert.Contains("XSA-214", store.GetVulnerability("CVE-2017-8904")!.Aliases);
    }

    private static SourceSummary Summary(string source) => VulnerabilityDatabase.ReadMetadata(Db).Sources.Single(s => s.Name == source);
}
