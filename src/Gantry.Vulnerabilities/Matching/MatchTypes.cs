namespace Gantry.Vulnerabilities.Matching;

/// <summary>The values of <see cref="Core.Finding.MatchType"/>.</summary>
public static class MatchTypes
{
    /// <summary>The record names the package itself.</summary>
    public const string ExactDirect = "exact-direct-match";

    /// <summary>The record names the package's source package (a Debian source, an Alpine origin, a source RPM).</summary>
    public const string ExactIndirect = "exact-indirect-match";

    /// <summary>An NVD CPE criterion matched one of the package's CPEs.</summary>
    public const string Cpe = "cpe-match";
}
