using System.Text.Json.Nodes;
using Gantry.Versioning;

namespace Gantry.Vulnerabilities.Tests.Matching;

/// <summary>
/// The test's own reading of OSV records, kept deliberately plain and apart from the matcher: a version is affected
/// when an affected entry of the package lists it in versions[] or when, walking a SEMVER/ECOSYSTEM range's events in
/// version order, the last introduced at or below it is not followed by a fixed at or below it / a last_affected below it.
/// </summary>
internal static class OsvOracle
{
    public static bool IsAffected(JsonNode record, string ecosystem, Func<string, bool> isPackage, string version, IVersionComparer comparer)
    {
        if (record["withdrawn"] is not null)
        {
            return false;
        }

        foreach (var affected in record["affected"]?.AsArray() ?? [])
        {
            if ((string?)affected!["package"]?["ecosystem"] != ecosystem || !isPackage((string)affected["package"]!["name"]!))
            {
                continue;
            }

            if ((affected["versions"]?.AsArray() ?? []).Any(v => (string?)v == version))
            {
                return true;
            }

            foreach (var range in affected["ranges"]?.AsArray() ?? [])
            {
                var type = (string)range!["type"]!;
                if (type is "SEMVER" or "ECOSYSTEM" && InRange(range["events"]!.AsArray(), version, type == "SEMVER" ? VersionSchemes.SemVer : comparer))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool InRange(JsonArray events, string version, IVersionComparer comparer)
    {
        var bounds = events.Select(e => e!.AsObject().Single()).Select(kv => (Kind: kv.Key, Version: (string)kv.Value!)).ToList();
        var below = (string bound) => bound == "0" || comparer.Compare(bound, version) <= 0;
        var introduced = bounds.Where(b => b.Kind == "introduced" && below(b.Version)).Select(b => b.Version).ToList();
        if (introduced.Count == 0)
        {
            return false;
        }

        // The closest introduced at or below the version; affected unless a fix or last_affected between it and the version closes it.
        var start = introduced.OrderBy(v => v, Comparer<string>.Create((a, b) => a == "0" ? -1 : b == "0" ? 1 : comparer.Compare(a, b))).Last();
        var afterStart = (string bound) => start == "0" || comparer.Compare(bound, start) >= 0;
        var closed = bounds.Any(b =>
            (b.Kind == "fixed" && afterStart(b.Version) && comparer.Compare(b.Version, version) <= 0)
            || (b.Kind == "last_affected" && afterStart(b.Version) && comparer.Compare(b.Version, version) < 0));
        var limited = bounds.Where(b => b.Kind == "limit").ToList();
        return !closed && (limited.Count == 0 || limited.Any(b => b.Version == "*" || comparer.Compare(version, b.Version) < 0));
    }
}
