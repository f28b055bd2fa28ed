using Gantry.Core;
using Gantry.Versioning;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Engine.Scanning;

/// <summary>
/// Says why a vulnerability was (or was not) reported for an image: for each finding, the record, namespace and range
/// that matched and how the installed version compares with each bound; for packages the records name but that did
/// not match, why not.
/// </summary>
public static class Explainer
{
    public static IReadOnlyList<string> Explain(string vulnerabilityId, ScanReport report, IVulnerabilityStore store)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(store);
        var lines = new List<string>();
        var matched = report.Findings
            .Where(f => f.Finding.Vulnerability.Id == vulnerabilityId || f.Finding.Vulnerability.Aliases.Contains(vulnerabilityId))
            .ToList();
        foreach (var (finding, suppression, origin) in matched)
        {
            var package = finding.Package;
            lines.Add($"{finding.Vulnerability.Id} matches {package.Name} {package.Version} ({package.Type.ToWireName()})");
            lines.Add($"  record:     {finding.Vulnerability.Source} {finding.Vulnerability.Id} (aliases: {string.Join(", ", finding.Vulnerability.Aliases.DefaultIfEmpty("none"))})");
            lines.Add($"  namespace:  {finding.Namespace} via {finding.Matcher}, {finding.MatchType}");
            lines.Add($"  constraint: {finding.Constraint}");
            lines.AddRange(Comparisons(package, finding.Constraint).Select(c => "  compare:    " + c));
            lines.Add($"  layer:      {origin.DiffId}{(origin.CreatedBy is null ? string.Empty : " created by: " + origin.CreatedBy)}");
            lines.Add(suppression is null ? "  status:     reported" : $"  status:     ignored by {suppression.Rule}{(suppression.Reason is null ? string.Empty : ": " + suppression.Reason)}");
        }

        var names = matched.Select(f => f.Finding.Package.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var affected in store.FindAffectedByVulnerability(vulnerabilityId))
        {
            foreach (var package in report.Sbom.Packages.Where(p => !names.Contains(p.Id) && NamedBy(p, affected)))
            {
                lines.Add($"{vulnerabilityId} does not match {package.Name} {package.Version} ({package.Type.ToWireName()}): {affected.Namespace} {affected.Name} is {FixStates.ToWire(affected.FixState)}, affected {Describe(affected)}");
            }
        }

        if (lines.Count == 0)
        {
            lines.Add(store.FindAffectedByVulnerability(vulnerabilityId).Count == 0 && store.GetVulnerability(vulnerabilityId) is null
                ? $"{vulnerabilityId}: not in the vulnerability database"
                : $"{vulnerabilityId}: no package of the image is named by its records");
        }

        return lines;
    }

    private static bool NamedBy(Package package, AffectedPackage affected)
    {
        var names = new[] { package.Name, package.GetMetadata(MetadataKeys.SourceName), package.GetMetadata(MetadataKeys.Origin) }.OfType<string>();
        return names.Any(n => PackageNames.Normalize(affected.Namespace, n) == affected.NormalizedName);
    }

    private static string Describe(AffectedPackage affected)
    {
        var parts = affected.Ranges.Select(r => r.ToString()).ToList();
        if (affected.Versions.Count > 0)
        {
            parts.Add($"{affected.Versions.Count} listed versions");
        }

        return parts.Count == 0 ? "(no ranges)" : string.Join("; ", parts);
    }

    /// <summary>The installed version against each bound of the matched range, e.g. <c>1.5.0 &lt; fixed 1.6.0</c>.</summary>
    private static IEnumerable<string> Comparisons(Package package, string? constraint)
    {
        var comparer = constraint?.StartsWith(AffectedRange.Semver, StringComparison.Ordinal) == true ? VersionSchemes.SemVer : VersionSchemes.For(package.Type);
        var colon = constraint?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (comparer is null || colon < 0 || constraint!.StartsWith("versions", StringComparison.Ordinal))
        {
            yield break;
        }

        var version = package.Type == PackageType.GoModule && package.Version.StartsWith("go", StringComparison.Ordinal) ? package.Version[2..] : package.Version;
        foreach (var bound in constraint[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var space = bound.LastIndexOf(' ');
            var boundVersion = bound[(space + 1)..];
            if (boundVersion == "0" || !comparer.TryParse(boundVersion, out var parsed, out _) || !comparer.TryParse(version, out var installed, out _))
            {
                continue;
            }

            var sign = installed.CompareTo(parsed) switch { < 0 => "<", 0 => "=", _ => ">" };
            yield return $"{version} {sign} {bound} ({comparer.Scheme.ToString().ToLowerInvariant()} ordering)";
        }
    }
}
