using Gantry.Core;
using Gantry.Vulnerabilities.Import;

namespace Gantry.Vulnerabilities.Tests.Import;

/// <summary>Feeds the corpus does not hold, as small fixtures written by hand after the real schemas.</summary>
public class HandWrittenFeedTests
{
    private const string DebianTracker = """
        {
          "openssl": {
            "CVE-2023-0286": {
              "description": "X.400 address type confusion in X.509 GeneralName",
              "scope": "remote",
              "releases": {
                "bookworm": {"status": "resolved", "repositories": {"bookworm": "3.0.11-1~deb12u2"}, "fixed_version": "3.0.8-1", "urgency": "not yet assigned"},
                "bullseye": {"status": "resolved", "repositories": {"bullseye": "1.1.1w-0+deb11u1"}, "fixed_version": "1.1.1n-0+deb11u4", "urgency": "high"},
                "buster": {"status": "open", "repositories": {"buster": "1.1.1n-0+deb10u3"}, "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": "ignored"},
                "trixie": {"status": "resolved", "repositories": {"trixie": "3.1.4-2"}, "fixed_version": "0", "urgency": "unimportant"},
                "sid": {"status": "undetermined", "repositories": {"sid": "3.1.4-2"}, "urgency": "not yet assigned"},
                "hamm": {"status": "open", "repositories": {}, "urgency": "low"}
              }
            },
            "CVE-2099-0001": {"description": "broken entry", "releases": {"bookworm": {"status": "weird"}}}
          }
        }
        """;

    private const string NvdPage = """
        {"resultsPerPage": 1, "startIndex": 0, "totalResults": 1, "format": "NVD_CVE", "version": "2.0", "timestamp": "2024-01-01T00:00:00.000",
         "vulnerabilities": [{"cve": {
           "id": "CVE-2021-44228", "sourceIdentifier": "security@apache.org", "published": "2021-12-10T10:15:09.143", "lastModified": "2023-11-07T03:39:36.747",
           "vulnStatus": "Modified",
           "descriptions": [{"lang": "en", "value": "Apache Log4j2 JNDI features do not protect against attacker controlled LDAP."}],
           "metrics": {
             "cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "baseScore": 10.0, "baseSeverity": "CRITICAL"}, "exploitabilityScore": 3.9, "impactScore": 6.0}],
             "cvssMetricV2": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"version": "2.0", "vectorString": "AV:N/AC:M/Au:N/C:C/I:C/A:C", "baseScore": 9.3}, "baseSeverity": "HIGH"}]},
           "weaknesses": [{"source": "security@apache.org", "type": "Primary", "description": [{"lang": "en", "value": "CWE-502"}, {"lang": "en", "value": "CWE-400"}]},
                          {"source": "nvd@nist.gov", "type": "Secondary", "description": [{"lang": "en", "value": "NVD-CWE-noinfo"}]}],
           "configurations": [{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [
             {"vulnerable": true, "criteria": "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*", "versionStartIncluding": "2.0.1", "versionEndExcluding": "2.3.1", "matchCriteriaId": "03FA5E81-F9C0-403E-8A4B-E4284E4E7B72"},
             {"vulnerable": true, "criteria": "cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*", "matchCriteriaId": "17854E42-7063-4A55-BF2A-4C7074CC2D60"}]}]}],
           "references": [{"url": "https://logging.apache.org/log4j/2.x/security.html", "source": "security@apache.org"}]}},
          {"cve": {"id": "CVE-2099-0002", "metrics": {"cvssMetricV31": [{"type": "Primary", "cvssData": {"version": "3.1"}}]}}}]}
        """;

    private const string Kev = """
        {"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2024.01.01", "dateReleased": "2024-01-01T00:00:00.000Z", "count": 1,
         "vulnerabilities": [{"cveID": "CVE-2021-44228", "vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
           "dateAdded": "2021-12-10", "shortDescription": "…", "requiredAction": "Apply updates.", "dueDate": "2021-12-24", "knownRansomwareCampaignUse": "Known", "notes": "", "cwes": ["CWE-20"]}]}
        """;

    private const string Epss = """
        #model_version:v2023.03.01,score_date:2024-01-01T00:00:00+0000
        cve,epss,percentile
        CVE-2021-44228,0.97565,0.99996
        not,a,row
        """;

    [Fact]
    public void Should_Map_Codenames_And_Statuses_When_Importing_The_Debian_Tracker()
    {
        using var db = new TestDatabase();
        var file = db.File("tracker.json", DebianTracker);
        Assert.Equal(FeedFormat.DebianTracker, FeedFormatDetector.Detect(file));

        var summary = db.Import("debian", FeedFormat.DebianTracker, file);

        Assert.Equal(1, summary.Records);
        Assert.Equal(5, summary.Affected);
        using var store = db.Open();
        Assert.Equal(FixState.Fixed, Assert.Single(store.FindAffected("debian:12", "openssl")).FixState);
        var bullseye = Assert.Single(store.FindAffected("debian:11", "openssl"));
        Assert.Equal(["1.1.1n-0+deb11u4"], bullseye.FixedVersions);
        Assert.Equal(Severity.High, bullseye.Severity);
        Assert.Equal(FixState.WontFix, Assert.Single(store.FindAffected("debian:10", "openssl")).FixState);
        Assert.Equal(FixState.NotAffected, Assert.Single(store.FindAffected("debian:13", "openssl")).FixState);
        Assert.Equal(FixState.Unknown, Assert.Single(store.FindAffected("debian:unstable", "openssl")).FixState);
        var reasons = string.Join("\n", Gantry.Vulnerabilities.Store.VulnerabilityDatabase.ReadIssues(db.Path, "debian").Select(i => $"{i.File}: {i.Reason}"));
        Assert.Contains("CVE-2099-0001: unknown status 'weird'", reasons);
        Assert.Contains("'hamm' is not a known Debian release", reasons);
    }

    [Fact]
    public void Should_Keep_Cvss_Cwes_And_Cpe_Ranges_When_Importing_An_Nvd_Page()
    {
        using var db = new TestDatabase();
        var file = db.File("page-0.json", NvdPage);
        Assert.Equal(FeedFormat.Nvd, FeedFormatDetector.Detect(file));

        var summary = db.Import("nvd", FeedFormat.Nvd, file);

        Assert.Equal(1, summary.Records);
        Assert.Equal(1, summary.Skipped);
        using var store = db.Open();
        var log4shell = store.GetVulnerability("CVE-2021-44228")!;
        Assert.Equal(Severity.Critical, log4shell.Severity);
        Assert.Equal(["CWE-502", "CWE-400"], log4shell.Cwes);
        Assert.Equal([10.0, 9.3], log4shell.Cvss.Select(c => c.BaseScore!.Value));
        var criteria = store.FindCpeCriteria("apache", "log4j");
        Assert.Equal(2, criteria.Count);
        Assert.Equal("2.0.1", criteria[0].VersionStartIncluding);
        Assert.Equal("2.3.1", criteria[0].VersionEndExcluding);
        Assert.Equal("2.0", criteria[1].Version);
    }

    [Fact]
    public void Should_Enrich_Records_With_Kev_And_Epss_When_Both_Are_Imported()
    {
        using var db = new TestDatabase();
        db.Import("nvd", FeedFormat.Nvd, db.File("page.json", NvdPage));
        var kevFile = db.File("known_exploited_vulnerabilities.json", Kev);
        var epssFile = db.File("epss.csv", Epss);
        Assert.Equal(FeedFormat.Kev, FeedFormatDetector.Detect(kevFile));
        Assert.Equal(FeedFormat.Epss, FeedFormatDetector.Detect(epssFile));

        db.Import("kev", FeedFormat.Kev, kevFile);
        var epss = db.Import("epss", FeedFormat.Epss, epssFile);

        Assert.Equal(1, epss.Records);
        Assert.Equal(1, epss.Skipped);
        using var store = db.Open();
        var record = store.GetVulnerability("CVE-2021-44228")!;
        Assert.True(record.Kev);
        Assert.Equal(0.97565, record.Epss);
    }

    [Fact]
    public void Should_Skip_And_Report_Broken_Records_When_An_Osv_Folder_Has_Bad_Files()
    {
        using var db = new TestDatabase();
        var folder = Directory.CreateDirectory(Path.Combine(db.Folder, "osv")).FullName;
        File.WriteAllText(Path.Combine(folder, "good.json"), """{"id": "GHSA-aaaa-bbbb-cccc", "affected": [{"package": {"ecosystem": "npm", "name": "@Scope/Pkg"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"last_affected": "1.2.3"}]}]}]}""");
        File.WriteAllText(Path.Combine(folder, "bad-event.json"), """{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]}""");
        File.WriteAllText(Path.Combine(folder, "not-json.json"), "{ nope");
        File.WriteAllText(Path.Combine(folder, "debian.yaml"), "id: DSA-1\naffected:\n- package: {ecosystem: 'Debian:12', name: curl}\n  ranges:\n  - type: ECOSYSTEM\n    events: [{introduced: '0'}, {fixed: '7.88.1-10'}]\n");

        var summary = db.Import("mixed", FeedFormat.Osv, folder);

        Assert.Equal(4, summary.Files);
        Assert.Equal(2, summary.Records);
        var issues = Gantry.Vulnerabilities.Store.VulnerabilityDatabase.ReadIssues(db.Path, "mixed");
        Assert.Contains(issues, i => i.File.EndsWith("bad-event.json") && i.Reason.Contains("exactly one key"));
        Assert.Contains(issues, i => i.File.EndsWith("not-json.json") && i.Reason.StartsWith("invalid JSON"));
        using var store = db.Open();
        var npm = Assert.Single(store.FindAffected("npm", "@scope/pkg"));
        Assert.Equal(FixState.NotFixed, npm.FixState);
        Assert.Equal(["7.88.1-10"], Assert.Single(store.FindAffected("debian:12", "curl")).FixedVersions);
    }
}
