using System.Diagnostics.CodeAnalysis;

namespace Gantry.Core.Cvss;

/// <summary>
/// The metrics of one CVSS version: the base metrics with the weight of each value (every one required once), and the
/// temporal and environmental metric names, which a vector may carry but a base score ignores.
/// </summary>
internal sealed class CvssMetrics
{
    public const string V2 = "2.0";
    public const string V30 = "3.0";
    public const string V31 = "3.1";

    private static readonly Dictionary<string, double> V2Impact = new(StringComparer.Ordinal) { ["N"] = 0, ["P"] = 0.275, ["C"] = 0.660 };
    private static readonly Dictionary<string, double> V3Impact = new(StringComparer.Ordinal) { ["H"] = 0.56, ["L"] = 0.22, ["N"] = 0 };

    private static readonly CvssMetrics Version2 = new(
        new(StringComparer.Ordinal)
        {
            ["AV"] = new(StringComparer.Ordinal) { ["L"] = 0.395, ["A"] = 0.646, ["N"] = 1.0 },
            ["AC"] = new(StringComparer.Ordinal) { ["H"] = 0.35, ["M"] = 0.61, ["L"] = 0.71 },
            ["Au"] = new(StringComparer.Ordinal) { ["M"] = 0.45, ["S"] = 0.56, ["N"] = 0.704 },
            ["C"] = V2Impact,
            ["I"] = V2Impact,
            ["A"] = V2Impact,
        },
        ["E", "RL", "RC", "CDP", "TD", "CR", "IR", "AR"]);

    private static readonly CvssMetrics Version3 = new(
        new(StringComparer.Ordinal)
        {
            ["AV"] = new(StringComparer.Ordinal) { ["N"] = 0.85, ["A"] = 0.62, ["L"] = 0.55, ["P"] = 0.2 },
            ["AC"] = new(StringComparer.Ordinal) { ["L"] = 0.77, ["H"] = 0.44 },
            ["PR"] = new(StringComparer.Ordinal) { ["N"] = 0.85, ["L"] = 0.62, ["H"] = 0.27 },
            ["UI"] = new(StringComparer.Ordinal) { ["N"] = 0.85, ["R"] = 0.62 },
            ["S"] = new(StringComparer.Ordinal) { ["U"] = 0, ["C"] = 1 },
            ["C"] = V3Impact,
            ["I"] = V3Impact,
            ["A"] = V3Impact,
        },
        ["E", "RL", "RC", "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA"]);

    private readonly Dictionary<string, Dictionary<string, double>> _base;
    private readonly HashSet<string> _optional;

    private CvssMetrics(Dictionary<string, Dictionary<string, double>> baseMetrics, string[] optional)
    {
        _base = baseMetrics;
        _optional = new HashSet<string>(optional, StringComparer.Ordinal);
    }

    public static CvssMetrics ForVersion(string version) => version == V2 ? Version2 : Version3;

    /// <summary>v3 raises the weight of low and high privileges when the scope changes.</summary>
    public static double PrivilegesWhenScopeChanged(string value) => value switch { "L" => 0.68, "H" => 0.5, _ => 0.85 };

    public double Weight(string metric, string value) => _base[metric][value];

    /// <summary>The base metric values of <paramref name="body"/> (the vector without its <c>CVSS:x.y/</c> prefix), each checked.</summary>
    public bool TryRead(string body, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? values, [NotNullWhen(false)] out string? error)
    {
        values = null;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in body.Split('/'))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (part.Length == 0)
            {
                error = "an empty metric (a missing, doubled or trailing '/')";
                return false;
            }

            if (colon <= 0 || colon == part.Length - 1)
            {
                error = $"'{part}' is not METRIC:VALUE";
                return false;
            }

            var (name, value) = (part[..colon], part[(colon + 1)..]);
            if (!seen.TryAdd(name, value))
            {
                error = $"metric '{name}' appears more than once";
                return false;
            }

            if (_base.TryGetValue(name, out var weights) && !weights.ContainsKey(value))
            {
                error = $"metric '{name}' has value '{value}'; expected one of {string.Join(", ", weights.Keys)}";
                return false;
            }

            if (!_base.ContainsKey(name) && !_optional.Contains(name))
            {
                error = $"unknown metric '{name}'";
                return false;
            }
        }

        if (_base.Keys.FirstOrDefault(name => !seen.ContainsKey(name)) is { } missing)
        {
            error = $"base metric '{missing}' is missing";
            return false;
        }

        values = seen;
        error = null;
        return true;
    }
}
