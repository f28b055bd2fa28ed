using System.Globalization;
using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.CycloneDx;

/// <summary>
/// The <c>vulnerabilities</c> section: one entry per finding (as grype writes it), so that fix state, fixed versions
/// and match facts stay with the package they concern. Sorted by vulnerability id, then affected bom-ref.
/// </summary>
internal static class CycloneDxVulnerabilities
{
    public static List<CdxVulnerability> From(IReadOnlyList<Finding> findings, PackageRefs refs) => findings
        .Select(f => (Finding: f, Ref: refs.Find(f.Package.Id) ?? f.Package.Id))
        .OrderBy(f => f.Finding.Vulnerability.Id, StringComparer.Ordinal)
        .ThenBy(f => f.Ref, StringComparer.Ordinal)
        .ThenBy(f => f.Finding.Namespace, StringComparer.Ordinal)
        .ThenBy(f => f.Finding.Matcher, StringComparer.Ordinal)
        .Select(f => One(f.Finding, f.Ref))
        .ToList();

    private static CdxVulnerability One(Finding finding, string reference)
    {
        var v = finding.Vulnerability;
        var aliases = v.Aliases.Where(a => a != v.Id).Distinct().Order(StringComparer.Ordinal).Select(a => new CdxReference(a, Source(AliasSource(a)))).ToList();
        var cwes = v.Cwes.Select(CweNumber).OfType<int>().Distinct().Order().ToList();
        var advisories = v.References.Where(r => Uri.TryCreate(r, UriKind.Absolute, out _)).Distinct().Order(StringComparer.Ordinal).Select(u => new CdxAdvisory(u)).ToList();
        return new CdxVulnerability(
            v.Id,
            Source(v.Source),
            JsonOutput.NullIfEmpty(aliases),
            Ratings(v),
            JsonOutput.NullIfEmpty(cwes),
            JsonOutput.NullIfEmpty(v.Summary ?? v.Details),
            v.Summary is null ? null : JsonOutput.NullIfEmpty(v.Details),
            finding.FixedVersions.Count > 0 ? $"Upgrade {finding.Package.Name} to {string.Join(" or ", finding.FixedVersions)}" : null,
            JsonOutput.NullIfEmpty(advisories),
            Date(v.Published),
            Date(v.Modified),
            Date(v.Withdrawn),
            Analysis(finding.FixState, finding.Reachability),
            [new CdxAffects(reference, [new CdxAffectedVersion(finding.Package.Version, finding.FixState == FixState.NotAffected ? "unaffected" : "affected")])],
            CycloneDxWriter.Properties(Properties(finding)));
    }

    private static IEnumerable<KeyValuePair<string, string>> Properties(Finding finding)
    {
        foreach (var version in finding.FixedVersions)
        {
            yield return new("gantry:fixedVersion", version);
        }

        yield return new("gantry:fixState", finding.FixState.ToString());
        yield return new("gantry:matchType", finding.MatchType);
        yield return new("gantry:matcher", finding.Matcher);
        yield return new("gantry:namespace", finding.Namespace);
        if (finding.Constraint is not null)
        {
            yield return new("gantry:constraint", finding.Constraint);
        }

        if (finding.Vulnerability.Epss is { } epss)
        {
            yield return new("gantry:epss", epss.ToString("0.#####", CultureInfo.InvariantCulture));
        }

        if (finding.Vulnerability.Kev)
        {
            yield return new("gantry:kev", "true");
        }

        if (finding.Reachability is { } reachability)
        {
            yield return new("gantry:reachability", reachability.State.ToString().ToLowerInvariant());
        }
    }

    /// <summary>The record's own severity first (method "other"), then each CVSS vector with the score's band.</summary>
    private static List<CdxRating> Ratings(Vulnerability v)
    {
        var ratings = new List<CdxRating> { new(Source(v.Source), null, SeverityName(v.Severity), "other", null) };
        ratings.AddRange(v.Cvss
            .OrderBy(c => c.Version, StringComparer.Ordinal).ThenBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.Vector, StringComparer.Ordinal)
            .Select(cvss => new CdxRating(
                Source(cvss.Source ?? v.Source),
                cvss.BaseScore,
                cvss.BaseScore is { } score ? SeverityName(Band(cvss.Version, score)) : null,
                cvss.Version switch { "2.0" => "CVSSv2", "3.0" => "CVSSv3", "3.1" => "CVSSv31", "4.0" => "CVSSv4", _ => "other" },
                cvss.Vector)));
        return ratings;
    }

    /// <summary>
    /// CycloneDX analysis states describe this BOM's component: a matched package is "in_triage" unless the record says
    /// it is not affected, or the binary does not link the vulnerable Go code ("not_affected", justification
    /// "code_not_reachable", the reason as detail); whether upstream has a fix goes in the response.
    /// </summary>
    private static CdxAnalysis Analysis(FixState state, Reachability? reachability)
    {
        var response = state switch
        {
            FixState.Fixed => "update",
            FixState.WontFix => "will_not_fix",
            FixState.NotFixed => "can_not_fix",
            _ => null,
        };
        if (reachability is { IsUnreachable: true })
        {
            return new CdxAnalysis("not_affected", response is null ? null : [response], "code_not_reachable", reachability.Reason);
        }

        return new CdxAnalysis(state == FixState.NotAffected ? "not_affected" : "in_triage", response is null ? null : [response]);
    }

    private static Severity Band(string version, double score) => version == "2.0"
        ? score switch { >= 7 => Severity.High, >= 4 => Severity.Medium, _ => Severity.Low }
        : score switch { >= 9 => Severity.Critical, >= 7 => Severity.High, >= 4 => Severity.Medium, > 0 => Severity.Low, _ => Severity.Unknown };

    private static string SeverityName(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        Severity.Negligible => "info",
        _ => "unknown",
    };

    private static string AliasSource(string alias) => alias switch
    {
        _ when alias.StartsWith("CVE-", StringComparison.Ordinal) => "NVD",
        _ when alias.StartsWith("GHSA-", StringComparison.Ordinal) => "GitHub",
        _ when alias.StartsWith("GO-", StringComparison.Ordinal) => "Go",
        _ when alias.StartsWith("PYSEC-", StringComparison.Ordinal) => "PyPA",
        _ => "OSV",
    };

    private static int? CweNumber(string cwe) =>
        cwe.StartsWith("CWE-", StringComparison.OrdinalIgnoreCase) && int.TryParse(cwe.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static CdxSource Source(string name) => new(name.Length > 0 ? name : "unknown");

    private static string? Date(DateTimeOffset? value) => value is { } date ? JsonOutput.Timestamp(date) : null;
}
