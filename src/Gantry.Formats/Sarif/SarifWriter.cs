using System.Globalization;
using System.Text.Json;
using Gantry.Core;

namespace Gantry.Formats.Sarif;

/// <summary>
/// Writes a scan as SARIF 2.1.0 for code-scanning dashboards: one rule per vulnerability (with a
/// <c>security-severity</c> score), one result per finding at the package's file, suppressed findings carrying an
/// external suppression with the rule or VEX statement as justification.
/// </summary>
public static class SarifWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(ScanReport report, string toolVersion, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "gantry");
        json.WriteString("version", toolVersion);
        json.WriteString("informationUri", "https://github.com/gantry-scanner/gantry");
        json.WriteStartArray("rules");
        foreach (var vulnerability in report.Findings.Select(f => f.Finding.Vulnerability).DistinctBy(v => v.Id))
        {
            WriteRule(json, vulnerability);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            WriteResult(json, finding, report.Sbom.Source.Input);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, Vulnerability vulnerability)
    {
        json.WriteStartObject();
        json.WriteString("id", vulnerability.Id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", vulnerability.Summary ?? vulnerability.Id);
        json.WriteEndObject();
        if (vulnerability.Details is { Length: > 0 } details)
        {
            json.WriteStartObject("fullDescription");
            json.WriteString("text", details);
            json.WriteEndObject();
        }

        if (vulnerability.References.Count > 0)
        {
            json.WriteString("helpUri", vulnerability.References[0]);
        }

        json.WriteStartObject("properties");
        json.WriteString("security-severity", SecurityScore(vulnerability).ToString("0.0", CultureInfo.InvariantCulture));
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        json.WriteStringValue(vulnerability.Severity.ToString().ToLowerInvariant());
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, ReportedFinding reported, string image)
    {
        var (finding, suppression, origin) = reported;
        var package = finding.Package;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Vulnerability.Id);
        json.WriteString("level", Level(finding.Vulnerability.Severity));
        json.WriteStartObject("message");
        var fix = finding.FixedVersions.Count > 0 ? $"; fixed in {string.Join(", ", finding.FixedVersions)}" : "; no fix available";
        json.WriteString("text", $"{finding.Vulnerability.Id} in {package.Name} {package.Version} ({package.Type.ToWireName()}) of {image}{fix}");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        foreach (var location in package.Locations.Take(1))
        {
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", location.Path.TrimStart('/'));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (suppression is not null)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("justification", suppression.Reason is null ? suppression.Rule : $"{suppression.Rule}: {suppression.Reason}");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("package", package.Purl?.ToString() ?? package.Name);
        json.WriteString("layerDiffId", origin.DiffId);
        json.WriteString("matchType", finding.MatchType);
        json.WriteString("namespace", finding.Namespace);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>GitHub ranks SARIF security results by this 0–10 score; without CVSS, the severity's lower bound.</summary>
    private static double SecurityScore(Vulnerability vulnerability) =>
        vulnerability.Cvss.Select(c => c.BaseScore).OfType<double>().DefaultIfEmpty().Max() is var score && score > 0
            ? score
            : vulnerability.Severity switch
            {
                Severity.Critical => 9.0,
                Severity.High => 7.0,
                Severity.Medium => 4.0,
                Severity.Low => 0.1,
                _ => 0.0,
            };

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };
}
