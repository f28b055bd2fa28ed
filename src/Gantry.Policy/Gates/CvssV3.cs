namespace Gantry.Policy.Gates;

/// <summary>
/// CVSS v3.x sub-scores from a vector (FIRST's specification, section 7): the exploitability and impact
/// scores Anchore's vulnerability parameters compare, which feeds give only as a vector.
/// </summary>
internal static class CvssV3
{
    public sealed record Result(double? Base, double? Exploitability, double? Impact);

    public static Result Scores(Core.CvssScore score)
    {
        var metrics = score.Vector.Split('/')
            .Select(part => part.Split(':'))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        string Get(string key) => metrics.TryGetValue(key, out var value) ? value : string.Empty;

        var changed = Get("S") == "C";
        double? av = Get("AV") switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? ac = Get("AC") switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? pr = Get("PR") switch { "N" => 0.85, "L" => changed ? 0.68 : 0.62, "H" => changed ? 0.5 : 0.27, _ => null };
        double? ui = Get("UI") switch { "N" => 0.85, "R" => 0.62, _ => null };
        double? Cia(string key) => Get(key) switch { "H" => 0.56, "L" => 0.22, "N" => 0, _ => null };
        var (c, i, a) = (Cia("C"), Cia("I"), Cia("A"));

        double? exploitability = av is null || ac is null || pr is null || ui is null ? null : Round(8.22 * av.Value * ac.Value * pr.Value * ui.Value);
        double? impact = null;
        if (c is not null && i is not null && a is not null)
        {
            var iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
            impact = Round(changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss);
        }

        return new Result(score.BaseScore, exploitability, impact);
    }

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
