using System.Text.Json.Nodes;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// What the Debian security tracker says about one CVE of one source package in one release. <paramref name="FixedVersion"/>
/// is null while the entry is open or undetermined and "0" when the release never shipped the flaw.
/// </summary>
public sealed record TrackerStatement(
    string Source, string Cve, string Release, string Status, string? FixedVersion, string Urgency, string? NodsaReason = null);

/// <summary>One NVD <c>cpeMatch</c> entry: a CPE 2.3 pattern and its optional version bounds.</summary>
internal sealed record NvdCpeMatch(
    string Criteria,
    string? StartIncluding = null,
    string? StartExcluding = null,
    string? EndIncluding = null,
    string? EndExcluding = null,
    bool Vulnerable = true);

/// <summary>One NVD CVE with a CVSS 3.1 rating (<c>CRITICAL</c>, <c>LOW</c>…) and its CPE criteria.</summary>
internal sealed record NvdCve(string Id, string BaseSeverity, IReadOnlyList<NvdCpeMatch> Matches, bool Rejected = false);

/// <summary>An OSV record with one ECOSYSTEM range per affected package (<c>Rocky Linux:9</c>, <c>Red Hat:…</c>, <c>PyPI</c>).</summary>
internal sealed record OsvAdvisory(string Id, IReadOnlyList<string> Aliases, IReadOnlyList<OsvAffected> Affected);

internal sealed record OsvAffected(string Ecosystem, string Name, string? Fixed, string Introduced = "0");

/// <summary>
/// Writes small feeds in the upstream formats exactly as published (the tracker's <c>/tracker/data/json</c>, NVD CVE
/// API 2.0 pages, OSV 1.x records), so tests go through the real importers with data derived from what they match.
/// </summary>
internal static class FeedFixtures
{
    private static readonly Dictionary<string, (string Vector, double Score)> CvssBySeverity = new(StringComparer.Ordinal)
    {
        ["CRITICAL"] = ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ["HIGH"] = ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
        ["MEDIUM"] = ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", 5.5),
        ["LOW"] = ("CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:U/C:L/I:N/A:N", 1.9),
    };

    /// <summary><c>{source: {CVE: {description, scope, debianbug, releases: {codename: {status, repositories, fixed_version, urgency, nodsa…}}}}}</c>.</summary>
    public static string DebianTracker(IEnumerable<TrackerStatement> statements)
    {
        var root = new JsonObject();
        foreach (var s in statements)
        {
            var package = (JsonObject)(root[s.Source] ??= new JsonObject());
            var cve = (JsonObject)(package[s.Cve] ??= new JsonObject
            {
                ["description"] = $"{s.Source}: test flaw {s.Cve}",
                ["scope"] = "local",
                ["debianbug"] = 1_000_000 + package.Count,
                ["releases"] = new JsonObject(),
            });
            var release = new JsonObject
            {
                ["status"] = s.Status,
                // The version in the release's archive; the importer does not read it.
                ["repositories"] = s.FixedVersion is null or "0" ? new JsonObject() : new JsonObject { [s.Release] = s.FixedVersion },
                ["urgency"] = s.Urgency,
            };
            if (s.FixedVersion is not null)
            {
                release["fixed_version"] = s.FixedVersion;
            }

            if (s.NodsaReason is not null)
            {
                release["nodsa"] = "Minor issue";
                release["nodsa_reason"] = s.NodsaReason;
            }

            ((JsonObject)cve["releases"]!)[s.Release] = release;
        }

        return root.ToJsonString();
    }

    /// <summary>One page of the NVD CVE API 2.0 response; each CPE match sits in its own OR node, as NVD writes simple configurations.</summary>
    public static string NvdPage(IReadOnlyList<NvdCve> cves)
    {
        var vulnerabilities = new JsonArray();
        foreach (var cve in cves)
        {
            var (vector, score) = CvssBySeverity[cve.BaseSeverity];
            var nodes = new JsonArray();
            foreach (var match in cve.Matches)
            {
                var entry = new JsonObject { ["vulnerable"] = match.Vulnerable, ["criteria"] = match.Criteria };
                AddIfSet(entry, "versionStartIncluding", match.StartIncluding);
                AddIfSet(entry, "versionStartExcluding", match.StartExcluding);
                AddIfSet(entry, "versionEndIncluding", match.EndIncluding);
                AddIfSet(entry, "versionEndExcluding", match.EndExcluding);
                entry["matchCriteriaId"] = Guid.NewGuid().ToString().ToUpperInvariant();
                nodes.Add(new JsonObject { ["operator"] = "OR", ["negate"] = false, ["cpeMatch"] = new JsonArray(entry) });
            }

            vulnerabilities.Add(new JsonObject
            {
                ["cve"] = new JsonObject
                {
                    ["id"] = cve.Id,
                    ["sourceIdentifier"] = "cve@mitre.org",
                    ["published"] = "2024-03-01T12:00:00.000",
                    ["lastModified"] = "2024-06-01T12:00:00.000",
                    ["vulnStatus"] = cve.Rejected ? "Rejected" : "Analyzed",
                    ["descriptions"] = new JsonArray(new JsonObject { ["lang"] = "en", ["value"] = $"test flaw {cve.Id}" }),
                    ["metrics"] = new JsonObject
                    {
                        ["cvssMetricV31"] = new JsonArray(new JsonObject
                        {
                            ["source"] = "nvd@nist.gov",
                            ["type"] = "Primary",
                            ["cvssData"] = new JsonObject
                            {
                                ["version"] = "3.1",
                                ["vectorString"] = vector,
                                ["baseScore"] = score,
                                ["baseSeverity"] = cve.BaseSeverity,
                            },
                        }),
                    },
                    // A CVE awaiting analysis has no configurations yet.
                    ["configurations"] = nodes.Count == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["nodes"] = nodes }),
                    ["references"] = new JsonArray(new JsonObject { ["url"] = $"https://example.test/{cve.Id}", ["source"] = "cve@mitre.org" }),
                },
            });
        }

        return new JsonObject
        {
            ["resultsPerPage"] = cves.Count,
            ["startIndex"] = 0,
            ["totalResults"] = cves.Count,
            ["format"] = "NVD_CVE",
            ["version"] = "2.0",
            ["timestamp"] = "2024-06-02T00:00:00.000",
            ["vulnerabilities"] = vulnerabilities,
        }.ToJsonString();
    }

    /// <summary>An OSV 1.6 record: an <c>introduced</c>/<c>fixed</c> ECOSYSTEM range per package (no <c>fixed</c> while unfixed).</summary>
    public static string OsvRecord(OsvAdvisory advisory)
    {
        var affected = new JsonArray();
        foreach (var a in advisory.Affected)
        {
            var events = new JsonArray(new JsonObject { ["introduced"] = a.Introduced });
            if (a.Fixed is not null)
            {
                events.Add(new JsonObject { ["fixed"] = a.Fixed });
            }

            affected.Add(new JsonObject
            {
                ["package"] = new JsonObject { ["ecosystem"] = a.Ecosystem, ["name"] = a.Name },
                ["ranges"] = new JsonArray(new JsonObject { ["type"] = "ECOSYSTEM", ["events"] = events }),
            });
        }

        return new JsonObject
        {
            ["schema_version"] = "1.6.0",
            ["id"] = advisory.Id,
            ["modified"] = "2024-06-01T00:00:00Z",
            ["published"] = "2024-05-01T00:00:00Z",
            ["aliases"] = new JsonArray(advisory.Aliases.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
            ["summary"] = $"test advisory {advisory.Id}",
            ["affected"] = affected,
        }.ToJsonString();
    }

    private static void AddIfSet(JsonObject entry, string name, string? value)
    {
        if (value is not null)
        {
            entry[name] = value;
        }
    }
}
