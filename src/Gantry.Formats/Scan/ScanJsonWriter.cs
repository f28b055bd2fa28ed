using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Common;
using Gantry.Formats.Secrets;

namespace Gantry.Formats.Scan;

/// <summary>
/// Gantry's JSON scan report (docs/scan.md): the image, the database, and every finding with the package, its layer
/// and history line, the record it came from and, for suppressed findings, what suppressed it.
/// </summary>
public static class ScanJsonWriter
{
    public const string SchemaVersion = "1.0";

    public static void Write(ScanReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("schemaVersion", SchemaVersion);
        WriteSource(json, report);
        json.WriteStartObject("database");
        json.WriteString("path", report.Database.Path);
        json.WriteNumber("schemaVersion", report.Database.SchemaVersion);
        json.WriteIfNotNull("built", report.Database.Built?.ToString("O", CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            WriteFinding(json, finding);
        }

        json.WriteEndArray();
        SecretsJson.Write(json, report.Sbom.Secrets);
        json.WriteStrings("warnings", report.Warnings);
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in report.Diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("code", diagnostic.Code);
            json.WriteString("message", diagnostic.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter json, ScanReport report)
    {
        var source = report.Sbom.Source;
        json.WriteStartObject("source");
        json.WriteString("input", source.Input);
        json.WriteString("kind", source.Kind);
        json.WriteIfNotNull("manifestDigest", source.ManifestDigest);
        if (report.Sbom.Distro is { } distro)
        {
            json.WriteString("distro", $"{distro.Id} {distro.VersionId}".Trim());
        }

        json.WriteIfNotNull("baseImage", report.BaseImage);
        json.WriteStrings("baseLayers", report.BaseLayers);
        json.WriteIfNotNull("baseLayersFrom", report.BaseLayersFrom);
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, ReportedFinding reported)
    {
        var (finding, suppression, origin) = reported;
        var vulnerability = finding.Vulnerability;
        var package = finding.Package;
        json.WriteStartObject();
        json.WriteStartObject("vulnerability");
        json.WriteString("id", vulnerability.Id);
        json.WriteStrings("aliases", vulnerability.Aliases);
        json.WriteString("severity", vulnerability.Severity.ToString().ToLowerInvariant());
        if (vulnerability.Cvss.Where(c => c.BaseScore is not null).MaxBy(c => c.Version) is { } cvss)
        {
            json.WriteStartObject("cvss");
            json.WriteString("version", cvss.Version);
            json.WriteString("vector", cvss.Vector);
            json.WriteNumber("score", cvss.BaseScore!.Value);
            json.WriteEndObject();
        }

        if (vulnerability.Epss is { } epss)
        {
            json.WriteNumber("epss", epss);
        }

        json.WriteBoolean("kev", vulnerability.Kev);
        json.WriteIfNotNull("summary", vulnerability.Summary);
        json.WriteEndObject();

        json.WriteStartObject("package");
        json.WriteString("name", package.Name);
        json.WriteString("version", package.Version);
        json.WriteString("type", package.Type.ToWireName());
        json.WriteIfNotNull("purl", package.Purl?.ToString());
        json.WriteStrings("locations", package.Locations.Select(l => l.Path).ToList());
        json.WriteIfNotNull("removedByLayerDiffId", package.RemovedByLayerDiffId);
        json.WriteEndObject();

        json.WriteStartObject("layer");
        json.WriteString("diffId", origin.DiffId);
        json.WriteIfNotNull("createdBy", origin.CreatedBy);
        json.WriteBoolean("base", origin.InBaseImage);
        json.WriteEndObject();

        json.WriteStartObject("match");
        json.WriteString("type", finding.MatchType);
        json.WriteString("matcher", finding.Matcher);
        json.WriteString("namespace", finding.Namespace);
        json.WriteString("record", vulnerability.Source);
        json.WriteIfNotNull("constraint", finding.Constraint);
        json.WriteEndObject();

        json.WriteStartObject("fix");
        json.WriteString("state", FixStateName(finding.FixState));
        json.WriteStrings("versions", finding.FixedVersions);
        json.WriteEndObject();

        if (suppression is not null)
        {
            json.WriteStartObject("ignored");
            json.WriteString("by", suppression.Kind);
            json.WriteString("rule", suppression.Rule);
            json.WriteIfNotNull("reason", suppression.Reason);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    public static string FixStateName(FixState state) => state switch
    {
        FixState.Fixed => "fixed",
        FixState.NotFixed => "not-fixed",
        FixState.WontFix => "wont-fix",
        FixState.NotAffected => "not-affected",
        _ => "unknown",
    };
}
