using Gantry.Core;

namespace Gantry.Engine.Scanning;

/// <summary>
/// <c>--by-cve</c>: a finding from a GHSA, GO, PYSEC… record is reported under the record's CVE alias, with its own id
/// kept among the aliases, so ignore rules, VEX statements and reports speak of CVEs. Two records of one CVE for one
/// package become one finding (the first, which the matcher ordered).
/// </summary>
public static class CveOrientation
{
    private const string CvePrefix = "CVE-";

    public static IReadOnlyList<Finding> Apply(IEnumerable<Finding> findings) =>
        findings.Select(Orient).DistinctBy(f => (f.Vulnerability.Id, f.Package.Id)).ToList();

    private static Finding Orient(Finding finding)
    {
        var vulnerability = finding.Vulnerability;
        if (vulnerability.Id.StartsWith(CvePrefix, StringComparison.Ordinal)
            || vulnerability.Aliases.Where(a => a.StartsWith(CvePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault() is not { } cve)
        {
            return finding;
        }

        return finding with
        {
            Vulnerability = vulnerability with { Id = cve, Aliases = [vulnerability.Id, .. vulnerability.Aliases.Where(a => a != cve)] },
        };
    }
}
