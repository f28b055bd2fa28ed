using Gantry.Core;
using Gantry.Engine;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// "Fixed in" lists what a user can upgrade to: versions of the package's own scheme, each once, lowest first; the
/// commit a GIT range names as its fix is not one.
/// </summary>
public sealed class FixedVersionTests : IDisposable
{
    /// <summary>An OSV record in the published shape whose ranges name a fix twice, out of order, and as a commit.</summary>
    private const string Advisory = """
        {
          "id": "GHSA-test-fixd-vers",
          "summary": "http: header injection",
          "aliases": ["CVE-2020-35669"],
          "modified": "2023-04-11T01:46:51Z",
          "published": "2022-05-24T17:37:16Z",
          "affected": [
            {
              "package": {"name": "http", "ecosystem": "Pub", "purl": "pkg:pub/http"},
              "ranges": [
                {"type": "GIT", "repo": "https://github.com/dart-lang/http", "events": [{"introduced": "0"}, {"fixed": "abb2bb182fbd7f03aafd1f889b902d7b3bdb8769"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "0.13.5"}, {"fixed": "0.13.10"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.13.3"}]},
                {"type": "ECOSYSTEM", "events": [{"introduced": "0.13.2"}, {"fixed": "0.13.3"}]}
              ]
            }
          ],
          "schema_version": "1.4.0"
        }
        """;

    private readonly TestDatabase _database = new();

    public FixedVersionTests()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_database.Folder, "osv-pub")).FullName;
        File.WriteAllText(Path.Combine(folder, "GHSA-test-fixd-vers.json"), Advisory);
        _database.Import("osv-pub", FeedFormat.Osv, folder);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Should_List_Each_Fixed_Version_Once_In_Scheme_Order_Without_The_Commit()
    {
        var project = Directory.CreateDirectory(Path.Combine(_database.Folder, "project")).FullName;
        File.WriteAllText(Path.Combine(project, "pubspec.lock"), """
            packages:
              http:
                dependency: "direct main"
                description:
                  name: http
                  sha256: "759d1a329847dd0f39226c688d3e06a6b8679668e350e2891a6474f8b4bb8525"
                  url: "https://pub.dev"
                source: hosted
                version: "0.13.1"
            sdks:
              dart: ">=3.0.0 <4.0.0"
            """);
        var sbom = await new SbomGenerator().GenerateAsync($"dir:{project}", SbomOptions.Default, null, CancellationToken.None);
        using var store = _database.Open();

        var finding = Assert.Single(VulnerabilityMatcher.Match(sbom, store).Findings);

        // Ordinal order would put 0.13.10 first.
        Assert.Equal(["0.13.3", "0.13.10"], finding.FixedVersions);
        Assert.Equal(FixState.Fixed, finding.FixState);
    }
}
