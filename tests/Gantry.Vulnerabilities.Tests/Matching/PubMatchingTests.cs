using Gantry.Core;
using Gantry.Engine;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Matching;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// A Dart project's <c>pubspec.lock</c> cataloged by the engine and matched against GitHub's Pub advisories in the
/// OSV format osv.dev serves them (<c>Pub/all.zip</c>), imported by the real importer.
/// </summary>
public sealed class PubMatchingTests : IDisposable
{
    /// <summary>GHSA-4rgh-jx4f-qfcq as published, with its list of affected versions shortened.</summary>
    private const string HttpAdvisory = """
        {
          "id": "GHSA-4rgh-jx4f-qfcq",
          "summary": "http before 0.13.3 vulnerable to header injection",
          "details": "An issue was discovered in the http package before 0.13.3 for Dart. If the attacker controls the HTTP method and the app is using Request directly, it's possible to achieve CRLF injection in an HTTP request via HTTP header injection. This issue has been addressed in commit abb2bb182 by validating request methods.",
          "aliases": [
            "CVE-2020-35669"
          ],
          "modified": "2023-04-11T01:46:51.549596Z",
          "published": "2022-05-24T17:37:16Z",
          "database_specific": {
            "nvd_published_at": "2020-12-24T03:15:00Z",
            "github_reviewed_at": "2022-08-04T21:05:04Z",
            "severity": "MODERATE",
            "github_reviewed": true,
            "cwe_ids": [
              "CWE-74"
            ]
          },
          "references": [
            {
              "type": "ADVISORY",
              "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-35669"
            },
            {
              "type": "PACKAGE",
              "url": "https://github.com/dart-lang/http"
            }
          ],
          "affected": [
            {
              "package": {
                "name": "http",
                "ecosystem": "Pub",
                "purl": "pkg:pub/http"
              },
              "ranges": [
                {
                  "type": "ECOSYSTEM",
                  "events": [
                    {
                      "introduced": "0"
                    },
                    {
                      "fixed": "0.13.3"
                    }
                  ]
                }
              ],
              "versions": [
                "0.12.2",
                "0.13.0",
                "0.13.0-nullsafety.0",
                "0.13.1",
                "0.13.2"
              ],
              "database_specific": {
                "source": "https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/2022/05/GHSA-4rgh-jx4f-qfcq/GHSA-4rgh-jx4f-qfcq.json"
              }
            }
          ],
          "schema_version": "1.4.0",
          "severity": [
            {
              "type": "CVSS_V3",
              "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"
            }
          ]
        }
        """;

    /// <summary>GHSA-9324-jv53-9cc8 as published, without its list of affected versions: the range alone decides.</summary>
    private const string DioAdvisory = """
        {
          "id": "GHSA-9324-jv53-9cc8",
          "summary": "dio vulnerable to CRLF injection with HTTP method string",
          "details": "The dio package 4.0.0 for Dart allows CRLF injection if the attacker controls the HTTP method string, a different vulnerability than CVE-2020-35669.",
          "aliases": [
            "CVE-2021-31402"
          ],
          "modified": "2023-04-11T01:49:02.698461Z",
          "published": "2023-03-21T22:41:11Z",
          "database_specific": {
            "nvd_published_at": null,
            "github_reviewed_at": "2023-03-21T22:41:11Z",
            "severity": "HIGH",
            "github_reviewed": true,
            "cwe_ids": [
              "CWE-74",
              "CWE-88",
              "CWE-93"
            ]
          },
          "references": [
            {
              "type": "WEB",
              "url": "https://github.com/cfug/dio/security/advisories/GHSA-9324-jv53-9cc8"
            }
          ],
          "affected": [
            {
              "package": {
                "name": "dio",
                "ecosystem": "Pub",
                "purl": "pkg:pub/dio"
              },
              "ranges": [
                {
                  "type": "ECOSYSTEM",
                  "events": [
                    {
                      "introduced": "0"
                    },
                    {
                      "fixed": "5.0.0"
                    }
                  ]
                }
              ],
              "database_specific": {
                "source": "https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/2023/03/GHSA-9324-jv53-9cc8/GHSA-9324-jv53-9cc8.json"
              }
            }
          ],
          "schema_version": "1.4.0",
          "severity": [
            {
              "type": "CVSS_V3",
              "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
            }
          ]
        }
        """;

    private readonly TestDatabase _database = new();

    public PubMatchingTests()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_database.Folder, "osv-pub")).FullName;
        File.WriteAllText(Path.Combine(folder, "GHSA-4rgh-jx4f-qfcq.json"), HttpAdvisory);
        File.WriteAllText(Path.Combine(folder, "GHSA-9324-jv53-9cc8.json"), DioAdvisory);
        _database.Import("osv-pub", FeedFormat.Osv, folder);
    }

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("http", "0.13.1", "GHSA-4rgh-jx4f-qfcq")]                // listed
    [InlineData("http", "0.13.0-nullsafety.3", "GHSA-4rgh-jx4f-qfcq")]   // not listed: a pre-release below the fix
    [InlineData("http", "0.13.3", null)]                                 // the fix
    [InlineData("http", "1.1.0", null)]
    [InlineData("dio", "4.0.6", "GHSA-9324-jv53-9cc8")]
    [InlineData("dio", "5.0.0-dev.1", "GHSA-9324-jv53-9cc8")]            // a pre-release of the fix is still before it
    [InlineData("dio", "5.4.0", null)]
    public async Task Should_Match_Hosted_Packages_By_Their_Range_When_The_Lock_File_Pins_Them(string name, string version, string? expected)
    {
        var result = await MatchAsync($"""
            packages:
              {name}:
                dependency: "direct main"
                description:
                  name: {name}
                  sha256: "759d1a329847dd0f39226c688d3e06a6b8679668e350e2891a6474f8b4bb8525"
                  url: "https://pub.dev"
                source: hosted
                version: "{version}"
            sdks:
              dart: ">=3.0.0 <4.0.0"
            """);

        Assert.Equal(expected is null ? [] : [expected], result.Findings.Select(f => f.Vulnerability.Id));
        Assert.All(result.Findings, f => Assert.Equal(("dart-pub-matcher", "Pub"), (f.Matcher, f.Namespace)));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task Should_Not_Match_Git_Or_Path_Packages_When_They_Share_A_Name_With_An_Advisory()
    {
        var result = await MatchAsync("""
            packages:
              dio:
                dependency: "direct main"
                description:
                  path: "../forks/dio"
                  relative: true
                source: path
                version: "4.0.6"
              http:
                dependency: "direct main"
                description:
                  path: "."
                  ref: main
                  resolved-ref: "abb2bb182fbd7f03aafd1f889b902d7b3bdb8769"
                  url: "https://github.com/example/http-fork.git"
                source: git
                version: "0.13.1"
            sdks:
              dart: ">=3.0.0 <4.0.0"
            """);

        Assert.Equal(2, result.Packages);
        Assert.Empty(result.Findings);
    }

    private async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics, int Packages)> MatchAsync(string lockFile)
    {
        var project = Directory.CreateDirectory(Path.Combine(_database.Folder, "project-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(project, "pubspec.lock"), lockFile);
        var sbom = await new SbomGenerator().GenerateAsync($"dir:{project}", SbomOptions.Default, null, CancellationToken.None);
        using var store = _database.Open();
        var result = VulnerabilityMatcher.Match(sbom, store);
        return (result.Findings, result.Diagnostics, sbom.Packages.Count(p => p.Type == PackageType.DartPub));
    }
}
