using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Core.Cvss;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Imports NVD CVE API 2.0 response pages (one file, or a folder of pages): descriptions, CVSS v2/v3.x/v4 metrics,
/// CWEs, references and the CPE match criteria with their version ranges.
/// </summary>
internal sealed class NvdImporter : IFeedImporter
{
    public const string FeedName = "nvd";

    /// <summary>The metric lists of a CVE, newest CVSS version first.</summary>
    private static readonly string[] MetricNames = ["cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"];

    public FeedFormat Format => FeedFormat.Nvd;

    public void Import(string path, IImportSink sink, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(path) ? FeedFiles.Walk(path) : [path];
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.FileRead(file);
            if (!FeedFiles.IsJson(file))
            {
                sink.Skip(file, "not an NVD page: expected a .json file");
                continue;
            }

            try
            {
                using var stream = File.OpenRead(file);
                var page = JsonNode.Parse(stream);
                foreach (var item in Json.Array(page, "vulnerabilities"))
                {
                    var cve = item["cve"];
                    var id = cve is null ? null : Json.String(cve, "id");
                    try
                    {
                        sink.Add(ParseCve(cve ?? throw new FormatException("an entry has no 'cve'")), file);
                    }
                    catch (Exception ex) when (FileErrors.IsBadInput(ex))
                    {
                        sink.Skip($"{file}#{id ?? "?"}", ex.Message);
                    }
                }
            }
            catch (Exception ex) when (FileErrors.IsBadInput(ex))
            {
                sink.Skip(file, FeedFiles.Reason(ex));
            }
        }
    }

    internal static VulnerabilityRecord ParseCve(JsonNode cve)
    {
        var id = Json.RequiredString(cve, "id");
        var metrics = Json.Object(cve, "metrics");
        var scored = MetricNames
            .SelectMany(name => Json.Array(metrics, name))
            .Select(metric => (Metric: metric, Score: ParseMetric(metric)))
            .ToList();
        var primary = scored.FirstOrDefault(s => Json.String(s.Metric, "type") == "Primary");
        var primarySeverity = primary.Metric is null ? Severity.Unknown
            : SeverityNames.Parse(Json.String(primary.Metric["cvssData"], "baseSeverity") ?? Json.String(primary.Metric, "baseSeverity"));
        var cvss = scored.Select(s => s.Score).ToList();
        var modified = Json.Timestamp(cve, "lastModified");
        var severity = primarySeverity != Severity.Unknown ? primarySeverity : CvssCalculator.SeverityOf(cvss);
        var vulnerability = new Vulnerability
        {
            Id = id,
            Details = Json.Array(cve, "descriptions").Where(d => Json.String(d, "lang") == "en").Select(d => Json.String(d, "value")).FirstOrDefault(),
            Severity = severity,
            Cvss = cvss,
            Published = Json.Timestamp(cve, "published"),
            Modified = modified,
            Withdrawn = Json.String(cve, "vulnStatus") == "Rejected" ? modified : null,
            References = Json.Array(cve, "references").Select(r => Json.String(r, "url")).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Cwes = Json.Array(cve, "weaknesses")
                .SelectMany(w => Json.Array(w, "description"))
                .Select(d => Json.String(d, "value"))
                .OfType<string>()
                .Where(v => v.StartsWith("CWE-", StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            SeveritySource = severity != Severity.Unknown ? FeedName : null,
            Source = FeedName,
        };
        return new VulnerabilityRecord(vulnerability, [], ParseCpes(id, cve));
    }

    private static CvssScore ParseMetric(JsonNode metric)
    {
        var data = Json.Object(metric, "cvssData") ?? throw new FormatException("a CVSS metric has no 'cvssData'");
        return new CvssScore(
            Json.RequiredString(data, "version"),
            Json.RequiredString(data, "vectorString"),
            Json.Number(data, "baseScore"),
            Json.String(metric, "source"));
    }

    /// <summary>CPE criteria of every non-negated configuration node; negated nodes describe exclusions we do not model.</summary>
    private static List<CpeCriterion> ParseCpes(string id, JsonNode cve) =>
        Json.Array(cve, "configurations")
            .SelectMany(c => Json.Array(c, "nodes"))
            .Where(node => Json.String(node, "negate") != "true")
            .SelectMany(node => Json.Array(node, "cpeMatch"))
            .Select(match => new CpeCriterion
            {
                VulnerabilityId = id,
                Criteria = Json.RequiredString(match, "criteria"),
                VersionStartIncluding = Json.String(match, "versionStartIncluding"),
                VersionStartExcluding = Json.String(match, "versionStartExcluding"),
                VersionEndIncluding = Json.String(match, "versionEndIncluding"),
                VersionEndExcluding = Json.String(match, "versionEndExcluding"),
                Vulnerable = Json.String(match, "vulnerable") != "false",
            })
            .ToList();
}
