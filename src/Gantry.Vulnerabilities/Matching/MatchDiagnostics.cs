namespace Gantry.Vulnerabilities.Matching;

/// <summary>Diagnostic codes of the matching stage.</summary>
public static class MatchDiagnostics
{
    /// <summary>A matcher threw; its findings for that package are missing but the scan went on.</summary>
    public const string MatcherFailed = "matcher-failed";

    /// <summary>A record's range or version list could not be read in the ecosystem's version scheme.</summary>
    public const string UnreadableRecord = "unreadable-record";

    /// <summary>The package's own version does not parse in its ecosystem's scheme.</summary>
    public const string UnreadableVersion = "unreadable-version";
}
