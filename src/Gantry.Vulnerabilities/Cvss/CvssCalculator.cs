using Gantry.Core;

namespace Gantry.Vulnerabilities.Cvss;

/// <summary>
/// CVSS base scores from vectors, for feeds (OSV) that publish only the vector. Implements the base equations of
/// CVSS v2 and v3.0/v3.1 as their specifications define them; v4 scores need the spec's lookup tables and are
/// left to feeds that publish them (NVD).
/// </summary>
public static class CvssCalculator
{
    /// <summary>Parses a vector (<c>CVSS:3.1/AV:N/…</c>, <c>AV:N/AC:L/…</c> for v2, <c>CVSS:4.0/…</c>) into a score.</summary>
    public static CvssScore FromVector(string vector, string? source)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var version = "2.0";
        if (vector.StartsWith("CVSS:", StringComparison.Ordinal))
        {
            var slash = vector.IndexOf('/', StringComparison.Ordinal);
            version = slash < 0 ? vector[5..] : vector[5..slash];
        }

        var metrics = Metrics(vector);
        double? score = version switch
        {
            "3.0" or "3.1" => V3(metrics, version),
            "2.0" => V2(metrics),
            _ => null,
        };
        return new CvssScore(version, vector, score, source);
    }

    /// <summary>The qualitative rating of a base score (v2 has no Critical band).</summary>
    public static Severity SeverityOf(CvssScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return score.BaseScore switch
        {
            null or <= 0 => Severity.Unknown,
            < 4.0 => Severity.Low,
            < 7.0 => Severity.Medium,
            < 9.0 => Severity.High,
            _ => score.Version == "2.0" ? Severity.High : Severity.Critical,
        };
    }

    /// <summary>The highest rating among the scores, preferring the newest CVSS version present.</summary>
    public static Severity SeverityOf(IEnumerable<CvssScore> scores) =>
        scores.Where(s => s.BaseScore is not null)
            .GroupBy(s => s.Version)
            .OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Max(SeverityOf))
            .FirstOrDefault();

    private static Dictionary<string, string> Metrics(string vector)
    {
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in vector.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                metrics[part[..colon]] = part[(colon + 1)..];
            }
        }

        return metrics;
    }

    private static double? V3(Dictionary<string, string> m, string version)
    {
        if (!m.TryGetValue("S", out var scope))
        {
            return null;
        }

        var changed = scope == "C";
        double? av = Pick(m, "AV", ("N", 0.85), ("A", 0.62), ("L", 0.55), ("P", 0.2));
        double? ac = Pick(m, "AC", ("L", 0.77), ("H", 0.44));
        double? pr = Pick(m, "PR", ("N", 0.85), ("L", changed ? 0.68 : 0.62), ("H", changed ? 0.5 : 0.27));
        double? ui = Pick(m, "UI", ("N", 0.85), ("R", 0.62));
        double? c = Pick(m, "C", ("H", 0.56), ("L", 0.22), ("N", 0));
        double? i = Pick(m, "I", ("H", 0.56), ("L", 0.22), ("N", 0));
        double? a = Pick(m, "A", ("H", 0.56), ("L", 0.22), ("N", 0));
        if (av is null || ac is null || pr is null || ui is null || c is null || i is null || a is null)
        {
            return null;
        }

        var iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        if (impact <= 0)
        {
            return 0;
        }

        var raw = Math.Min((changed ? 1.08 : 1) * (impact + exploitability), 10);
        return version == "3.0" ? Math.Ceiling(raw * 10) / 10 : RoundUp31(raw);
    }

    /// <summary>CVSS 3.1 Roundup: avoids floating-point artefacts such as 4.000000001 rounding to 4.1.</summary>
    private static double RoundUp31(double value)
    {
        var scaled = (long)Math.Round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }

    private static double? V2(Dictionary<string, string> m)
    {
        double? av = Pick(m, "AV", ("L", 0.395), ("A", 0.646), ("N", 1.0));
        double? ac = Pick(m, "AC", ("H", 0.35), ("M", 0.61), ("L", 0.71));
        double? au = Pick(m, "Au", ("M", 0.45), ("S", 0.56), ("N", 0.704));
        double? c = Pick(m, "C", ("N", 0), ("P", 0.275), ("C", 0.660));
        double? i = Pick(m, "I", ("N", 0), ("P", 0.275), ("C", 0.660));
        double? a = Pick(m, "A", ("N", 0), ("P", 0.275), ("C", 0.660));
        if (av is null || ac is null || au is null || c is null || i is null || a is null)
        {
            return null;
        }

        var impact = 10.41 * (1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value)));
        var exploitability = 20 * av.Value * ac.Value * au.Value;
        var f = impact == 0 ? 0 : 1.176;
        return Math.Round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f, 1, MidpointRounding.AwayFromZero);
    }

    private static double? Pick(Dictionary<string, string> metrics, string name, params (string Value, double Weight)[] weights)
    {
        if (!metrics.TryGetValue(name, out var value))
        {
            return null;
        }

        foreach (var (candidate, weight) in weights)
        {
            if (candidate == value)
            {
                return weight;
            }
        }

        return null;
    }
}
