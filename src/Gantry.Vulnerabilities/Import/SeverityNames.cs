using Gantry.Core;

namespace Gantry.Vulnerabilities.Import;

/// <summary>Maps the words feeds use for severity (GHSA, Debian urgency, NVD) onto <see cref="Severity"/>.</summary>
internal static class SeverityNames
{
    public static Severity Parse(string? text) => text?.Trim().TrimEnd('*').ToLowerInvariant() switch
    {
        "critical" => Severity.Critical,
        "high" or "important" => Severity.High,
        "medium" or "moderate" => Severity.Medium,
        "low" => Severity.Low,
        "negligible" or "unimportant" => Severity.Negligible,
        _ => Severity.Unknown,
    };
}
