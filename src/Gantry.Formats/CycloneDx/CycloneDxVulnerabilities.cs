using System.Globalization;
using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Common;

namespace Gantry.Formats.CycloneDx;

/// <summary>
/// The <c>vulnerabilities</c> section: one entry per finding (as grype writes it), so that fix state, fixed versions
/// and match facts stay with the package they concern. Sorted by vulnerability id, then affected bom-ref.
/// </summary>
internal static class CycloneDxVulnerabilities
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<Finding> findings, PackageRefs refs)
    {
        w.WriteStartArray("vulnerabilities");
        var ordered = findings
            .Select(f => (Finding: f, Ref: refs.Find(f.Package.Id) ?? f.Package.Id))
            .OrderBy(f => f.Finding.Vulnerability.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Ref, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Namespace, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Matcher, StringComparer.Ordinal);
        foreach (var (finding, reference) in ordered)
        {
            WriteOne(w, finding, reference);
        }

        w.WriteEndArray();
    }

    private static void WriteOne(Utf8JsonWriter w, Finding finding, string reference)
    {
        var v = finding.Vulnerability;
        w.WriteStartObject();
        w.WriteString("id", v.Id);
        WriteSource(w, "source", v.Source);
        var aliases = v.Aliases.Where(a => a != v.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        if (aliases.Count > 0)
        {
            w.WriteStartArray("references");
            foreach (var alias in aliases)
            {
                w.WriteStartObject();
                w.WriteString("id", alias);
                WriteSource(w, "source", AliasSource(alias));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteRatings(w, v);
        var cwes = v.Cwes.Select(CweNumber).OfType<int>().Distinct().Order().ToList();
        if (cwes.Count > 0)
        {
            w.WriteStartArray("cwes");
            cwes.ForEach(w.WriteNumberValue);
            w.WriteEndArray();
        }

        w.WriteOptional("description", v.Summary ?? v.Details);
        if (v.Summary is not null)
        {
            w.WriteOptional("detail", v.Details);
        }

        if (finding.FixedVersions.Count > 0)
        {
            w.WriteString("recommendation", $"Upgrade {finding.Package.Name} to {string.Join(" or ", finding.FixedVersions)}");
        }

        var advisories = v.References.Where(r => Uri.TryCreate(r, UriKind.Absolute, out _)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (advisories.Count > 0)
        {
            w.WriteStartArray("advisories");
            foreach (var url in advisories)
            {
                w.WriteStartObject();
                w.WriteString("url", url);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteDate(w, "published", v.Published);
        WriteDate(w, "updated", v.Modified);
        WriteDate(w, "rejected", v.Withdrawn);
        WriteAnalysis(w, finding.FixState);
        w.WriteStartArray("affects");
        w.WriteStartObject();
        w.WriteString("ref", reference);
        w.WriteStartArray("versions");
        w.WriteStartObject();
        w.WriteString("version", finding.Package.Version);
        w.WriteString("status", finding.FixState == FixState.NotAffected ? "unaffected" : "affected");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        CycloneDxWriter.WriteProperties(w, Properties(finding));
        w.WriteEndObject();
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
    }

    /// <summary>The record's own severity first (method "other"), then each CVSS vector with the score's band.</summary>
    private static void WriteRatings(Utf8JsonWriter w, Vulnerability v)
    {
        w.WriteStartArray("ratings");
        w.WriteStartObject();
        WriteSource(w, "source", v.Source);
        w.WriteString("severity", SeverityName(v.Severity));
        w.WriteString("method", "other");
        w.WriteEndObject();
        foreach (var cvss in v.Cvss.OrderBy(c => c.Version, StringComparer.Ordinal).ThenBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.Vector, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            WriteSource(w, "source", cvss.Source ?? v.Source);
            if (cvss.BaseScore is { } score)
            {
                w.WriteNumber("score", score);
                w.WriteString("severity", SeverityName(Band(cvss.Version, score)));
            }

            w.WriteString("method", cvss.Version switch { "2.0" => "CVSSv2", "3.0" => "CVSSv3", "3.1" => "CVSSv31", "4.0" => "CVSSv4", _ => "other" });
            w.WriteString("vector", cvss.Vector);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// CycloneDX analysis states describe this BOM's component: a matched package is "in_triage" unless the record says
    /// it is not affected; whether upstream has a fix goes in the response.
    /// </summary>
    private static void WriteAnalysis(Utf8JsonWriter w, FixState state)
    {
        w.WriteStartObject("analysis");
        w.WriteString("state", state == FixState.NotAffected ? "not_affected" : "in_triage");
        var response = state switch
        {
            FixState.Fixed => "update",
            FixState.WontFix => "will_not_fix",
            FixState.NotFixed => "can_not_fix",
            _ => null,
        };
        if (response is not null)
        {
            w.WriteStartArray("response");
            w.WriteStringValue(response);
            w.WriteEndArray();
        }

        w.WriteEndObject();
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

    private static void WriteSource(Utf8JsonWriter w, string property, string name)
    {
        w.WriteStartObject(property);
        w.WriteString("name", name.Length > 0 ? name : "unknown");
        w.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            w.WriteString(name, JsonOutput.Timestamp(date));
        }
    }
}
