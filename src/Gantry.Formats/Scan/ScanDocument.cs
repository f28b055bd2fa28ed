using System.Globalization;
using Gantry.Core;
using Gantry.Formats.Common;
using Gantry.Formats.Secrets;

namespace Gantry.Formats.Scan;

/// <summary>Gantry's JSON scan report (docs/scan.md); <see cref="From"/> is the one mapping from the model.</summary>
internal sealed record ScanDocument(
    string SchemaVersion,
    ScanSource Source,
    ScanDatabase Database,
    IReadOnlyList<ScanFinding> Findings,
    IReadOnlyList<SecretJson> Secrets,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<DiagnosticJson> Diagnostics,
    IReadOnlyList<ScanGroup> Groups)
{
    public static ScanDocument From(ScanReport report) => new(
        ScanJsonWriter.SchemaVersion,
        ScanSource.From(report),
        ScanDatabase.From(report.Database),
        report.Findings.Select(ScanFinding.From).ToList(),
        SecretJson.From(report.Sbom.Secrets),
        report.Warnings,
        report.Diagnostics.Select(DiagnosticJson.From).ToList(),
        ScanGroup.From(report.Findings));
}

/// <summary>
/// One row of the scan table (<see cref="FindingRows"/>): a vulnerability in one package name, version and type, with
/// every path and layer it was found at and the indexes of its findings in <c>findings</c>, which stay one per package.
/// </summary>
internal sealed record ScanGroup(string Vulnerability, string Package, string Version, string Type, IReadOnlyList<string> Locations,
    IReadOnlyList<string> Layers, IReadOnlyList<int> Findings)
{
    public static List<ScanGroup> From(IReadOnlyList<ReportedFinding> findings)
    {
        // By reference: two findings may be equal records (one package found twice) yet sit at two indexes.
        var index = new Dictionary<ReportedFinding, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < findings.Count; i++)
        {
            index[findings[i]] = i;
        }

        return FindingRows.Of(findings).ConvertAll(row =>
        {
            var first = row[0].Finding;
            return new ScanGroup(
                first.Vulnerability.Id,
                first.Package.Name,
                first.Package.Version,
                first.Package.Type.ToWireName(),
                row.SelectMany(f => f.Finding.Package.Locations).Select(l => l.Path).Distinct(StringComparer.Ordinal).ToList(),
                row.Select(f => f.Origin.DiffId).Distinct(StringComparer.Ordinal).ToList(),
                row.ConvertAll(f => index[f]));
        });
    }
}

/// <summary>The image: its identity, distro (as in the SBOM) and which layers are the base image's.</summary>
internal sealed record ScanSource(
    string Input,
    string Kind,
    string? ManifestDigest,
    DistroJson? Distro,
    string? BaseImage,
    IReadOnlyList<string> BaseLayers,
    string? BaseLayersFrom)
{
    public static ScanSource From(ScanReport report)
    {
        var source = report.Sbom.Source;
        var distro = report.Sbom.Distro is null ? null : DistroJson.From(report.Sbom.Distro);
        return new(source.Input, source.Kind, source.ManifestDigest, distro, report.BaseImage, report.BaseLayers, report.BaseLayersFrom);
    }
}

/// <summary>The database: <c>built</c> keeps its round-trip form (seven fractional digits).</summary>
internal sealed record ScanDatabase(string Path, int SchemaVersion, string? Built)
{
    public static ScanDatabase From(DatabaseDescription database) =>
        new(database.Path, database.SchemaVersion, database.Built?.ToString("O", CultureInfo.InvariantCulture));
}

internal sealed record ScanFinding(
    ScanVulnerability Vulnerability,
    ScanPackage Package,
    ScanLayer Layer,
    ScanMatch Match,
    ScanFix Fix,
    ScanRemediation Remediation,
    ScanSuppression? Ignored,
    ScanReachability? Reachability = null)
{
    public static ScanFinding From(ReportedFinding reported)
    {
        var (finding, suppression, origin) = reported;
        var package = finding.Package;
        return new(
            ScanVulnerability.From(finding.Vulnerability),
            new ScanPackage(package.Name, package.Version, package.Type.ToWireName(), package.Purl?.ToString(), package.Locations.Select(l => l.Path).ToList(),
                package.RemovedByLayerDiffId),
            new ScanLayer(origin.DiffId, origin.CreatedBy, origin.InBaseImage),
            new ScanMatch(finding.MatchType, finding.Matcher, finding.Namespace, finding.Vulnerability.Source, finding.Constraint),
            new ScanFix(ScanJsonWriter.FixStateName(finding.FixState), finding.FixedVersions),
            ScanRemediation.From(reported.Remediation),
            suppression is null ? null : new ScanSuppression(suppression.Kind, suppression.Rule, suppression.Reason),
            ScanReachability.From(finding.Reachability));
    }
}

/// <summary>Go findings: whether the binary links the vulnerable code (<c>reachable</c>, <c>unreachable</c>, <c>unknown</c>) and why.</summary>
internal sealed record ScanReachability(string State, string Reason)
{
    public static ScanReachability? From(Reachability? reachability) =>
        reachability is null ? null : new(ScanJsonWriter.ReachabilityName(reachability.State), reachability.Reason);
}

/// <summary>The vulnerability; <c>severitySource</c> names who rated it (a distro, <c>nvd</c>, <c>ghsa</c>, <c>osv</c>), absent when nobody did.</summary>
internal sealed record ScanVulnerability(string Id, IReadOnlyList<string> Aliases, string Severity, ScanCvss? Cvss, double? Epss, bool Kev, string? Summary,
    string? SeveritySource = null)
{
    /// <summary>The highest CVSS version that has a score stands for the record.</summary>
    public static ScanVulnerability From(Vulnerability v)
    {
        var cvss = v.Cvss.Where(c => c.BaseScore is not null).MaxBy(c => c.Version);
        return new(v.Id, v.Aliases, v.Severity.ToString().ToLowerInvariant(), cvss is null ? null : new ScanCvss(cvss.Version, cvss.Vector, cvss.BaseScore!.Value), v.Epss,
            v.Kev, v.Summary, v.SeveritySource);
    }
}

internal sealed record ScanCvss(string Version, string Vector, double Score);

internal sealed record ScanPackage(string Name, string Version, string Type, string? Purl, IReadOnlyList<string> Locations, string? RemovedByLayerDiffId);

internal sealed record ScanLayer(string DiffId, string? CreatedBy, bool Base);

internal sealed record ScanMatch(string Type, string Matcher, string Namespace, string Record, string? Constraint);

internal sealed record ScanFix(string State, IReadOnlyList<string> Versions);

/// <summary>The remediation hint: <c>target</c> is <c>base-image</c> or <c>application</c>.</summary>
internal sealed record ScanRemediation(string Target, IReadOnlyList<string> FixedVersions, string Hint)
{
    public const string BaseImage = "base-image";
    public const string Application = "application";

    public static ScanRemediation From(Remediation remediation) =>
        new(remediation.Target == RemediationTarget.BaseImage ? BaseImage : Application, remediation.FixedVersions, remediation.Hint);
}

internal sealed record ScanSuppression(string By, string Rule, string? Reason);
