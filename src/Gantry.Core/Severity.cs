namespace Gantry.Core;

/// <summary>Severity of a finding, ordered so that comparisons read naturally (Critical &gt; High).</summary>
public enum Severity
{
    Unknown = 0,
    Negligible = 1,
    Low = 2,
    Medium = 3,
    High = 4,
    Critical = 5,
}
