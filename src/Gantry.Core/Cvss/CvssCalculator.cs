using System.Diagnostics.CodeAnalysis;

namespace Gantry.Core.Cvss;

/// <summary>The scores of one CVSS vector: base, and the exploitability and impact sub-scores NVD also publishes.</summary>
public sealed record CvssScores(string Version, double BaseScore, double Exploitability, double Impact);

/// <summary>
/// The one CVSS calculator: the base equations of CVSS v2 and v3.0/v3.1 as their specifications define them, for
/// feeds (OSV) that publish only a vector and for the policy parameters that compare sub-scores. v4 scores need the
/// specification's lookup tables and are taken from the feeds that publish them (NVD), never computed here.
/// </summary>
public static class CvssCalculator
{
    /// <summary>The scores of <paramref name="vector"/>; a vector that cannot be scored is an <see cref="InvalidInputException"/> naming it.</summary>
    public static CvssScores Calculate(string vector) =>
        TryCalculate(vector, out var scores, out var error) ? scores : throw new InvalidInputException($"CVSS vector '{vector}': {error}");

    /// <summary>
    /// Scores <c>CVSS:3.1/AV:N/…</c>, <c>CVSS:3.0/…</c> or a bare v2 vector (<c>AV:N/AC:L/Au:N/…</c>). False, with the
    /// reason, for garbage, a repeated or unknown metric, a missing base metric, a value the metric does not have, or v4.
    /// </summary>
    public static bool TryCalculate(string vector, [NotNullWhen(true)] out CvssScores? scores, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(vector);
        scores = null;
        var version = VersionOf(vector);
        var slash = vector.IndexOf('/', StringComparison.Ordinal);
        var body = version == CvssMetrics.V2 ? vector : slash < 0 ? string.Empty : vector[(slash + 1)..];
        if (version is not (CvssMetrics.V2 or CvssMetrics.V30 or CvssMetrics.V31))
        {
            error = version == "4.0" ? "CVSS 4.0 scores are taken from the feed, not computed" : $"unknown CVSS version '{version}'";
            return false;
        }

        var metrics = CvssMetrics.ForVersion(version);
        if (!metrics.TryRead(body, out var values, out error))
        {
            return false;
        }

        scores = version == CvssMetrics.V2 ? V2(metrics, values) : V3(metrics, values, version);
        return true;
    }

    /// <summary>A feed's vector as a <see cref="CvssScore"/>; the base score is null when the vector cannot be scored.</summary>
    public static CvssScore FromVector(string vector, string? source)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new CvssScore(VersionOf(vector), vector, TryCalculate(vector, out var scores, out _) ? scores.BaseScore : null, source);
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
            _ => score.Version == CvssMetrics.V2 ? Severity.High : Severity.Critical,
        };
    }

    /// <summary>The highest rating among the scores, preferring the newest CVSS version present.</summary>
    public static Severity SeverityOf(IEnumerable<CvssScore> scores) =>
        scores.Where(s => s.BaseScore is not null)
            .GroupBy(s => s.Version)
            .OrderByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Max(SeverityOf))
            .FirstOrDefault();

    /// <summary>"3.1" for <c>CVSS:3.1/…</c>; a vector without the prefix is v2 (NVD writes v2 vectors bare).</summary>
    private static string VersionOf(string vector)
    {
        if (!vector.StartsWith("CVSS:", StringComparison.Ordinal))
        {
            return CvssMetrics.V2;
        }

        var slash = vector.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? vector[5..] : vector[5..slash];
    }

    private static CvssScores V3(CvssMetrics metrics, IReadOnlyDictionary<string, string> values, string version)
    {
        double W(string metric) => metrics.Weight(metric, values[metric]);
        var changed = values["S"] == "C";
        var privileges = changed ? CvssMetrics.PrivilegesWhenScopeChanged(values["PR"]) : W("PR");
        var iss = 1 - ((1 - W("C")) * (1 - W("I")) * (1 - W("A")));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var exploitability = 8.22 * W("AV") * W("AC") * privileges * W("UI");
        var raw = impact <= 0 ? 0 : Math.Min((changed ? 1.08 : 1) * (impact + exploitability), 10);
        var baseScore = version == CvssMetrics.V30 ? Math.Ceiling(raw * 10) / 10 : RoundUp31(raw);
        return new CvssScores(version, baseScore, Round(exploitability), Round(impact));
    }

    /// <summary>CVSS 3.1 Roundup: avoids floating-point artefacts such as 4.000000001 rounding to 4.1.</summary>
    private static double RoundUp31(double value)
    {
        var scaled = (long)Math.Round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }

    private static CvssScores V2(CvssMetrics metrics, IReadOnlyDictionary<string, string> values)
    {
        double W(string metric) => metrics.Weight(metric, values[metric]);
        var impact = 10.41 * (1 - ((1 - W("C")) * (1 - W("I")) * (1 - W("A"))));
        var exploitability = 20 * W("AV") * W("AC") * W("Au");
        var f = impact == 0 ? 0 : 1.176;
        return new CvssScores(CvssMetrics.V2, Round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f), Round(exploitability), Round(impact));
    }

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
