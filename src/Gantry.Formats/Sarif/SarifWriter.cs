using System.Globalization;
using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.Sarif;

/// <summary>
/// Writes a scan as SARIF 2.1.0 for code-scanning dashboards: one rule per vulnerability (with a
/// <c>security-severity</c> score), one result per finding at the package's file, suppressed findings carrying an
/// external suppression with the rule or VEX statement as justification; the report's warnings are the invocation's
/// tool-execution notifications.
/// </summary>
public static class SarifWriter
{
    public static void Write(ScanReport report, string toolVersion, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = report.Findings.Select(f => f.Finding.Vulnerability).DistinctBy(v => v.Id).Select(Rule).ToList();
        var driver = new SarifDriver("gantry", toolVersion, "https://github.com/gantry-scanner/gantry", rules);
        var results = report.Findings.Select(f => Result(f, report.Sbom.Source.Input)).ToList();
        // The report's warnings (no data for the image's distro, expired ignore rules) travel as tool notifications.
        var invocations = report.Warnings.Count == 0 ? null
            : new[] { new SarifInvocation(true, null, report.Warnings.Select(w => new SarifNotification("warning", new SarifMessage(w))).ToList(), null) };
        JsonOutput.Write(SarifLog.Of(new SarifRun(new SarifTool(driver), invocations, results)), output);
    }

    private static SarifRule Rule(Vulnerability vulnerability) => new(
        vulnerability.Id,
        null,
        new SarifMessage(vulnerability.Summary ?? vulnerability.Id),
        vulnerability.Details is { Length: > 0 } details ? new SarifMessage(details) : null,
        vulnerability.References.Count > 0 ? vulnerability.References[0] : null,
        new SarifRuleProperties(SecurityScore(vulnerability).ToString("0.0", CultureInfo.InvariantCulture), ["security", vulnerability.Severity.ToString().ToLowerInvariant()]));

    private static SarifResult Result(ReportedFinding reported, string image)
    {
        var (finding, suppression, origin) = reported;
        var package = finding.Package;
        var fix = finding.FixedVersions.Count > 0 ? $"; fixed in {string.Join(", ", finding.FixedVersions)}" : "; no fix available";
        return new SarifResult(
            finding.Vulnerability.Id,
            null,
            Level(finding.Vulnerability.Severity),
            new SarifMessage($"{finding.Vulnerability.Id} in {package.Name} {package.Version} ({package.Type.ToWireName()}) of {image}{fix}"),
            package.Locations.Take(1).Select(l => new SarifLocation(new SarifPhysicalLocation(new SarifArtifactLocation(l.Path.TrimStart('/'))))).ToList(),
            null,
            suppression is null ? null : [new SarifSuppression("external", suppression.Reason is null ? suppression.Rule : $"{suppression.Rule}: {suppression.Reason}")],
            new SarifResultProperties
            {
                Package = package.Purl?.ToString() ?? package.Name,
                LayerDiffId = origin.DiffId,
                MatchType = finding.MatchType,
                Namespace = finding.Namespace,
                Reachability = finding.Reachability is { } reachability ? Scan.ScanJsonWriter.ReachabilityName(reachability.State) : null,
            });
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
