namespace Gantry.Engine.Scanning;

/// <summary>How to scan: where the database is and how old it may be, which findings to suppress, how to split layers.</summary>
public sealed record ScanOptions
{
    public static readonly TimeSpan DefaultMaxDatabaseAge = TimeSpan.FromDays(5);

    public SbomOptions Sbom { get; init; } = SbomOptions.Default;

    /// <summary>The database file; null resolves <c>GANTRY_DB</c>, then the user's cache folder.</summary>
    public string? DatabasePath { get; init; }

    public TimeSpan MaxDatabaseAge { get; init; } = DefaultMaxDatabaseAge;

    /// <summary>Scan with a database older than <see cref="MaxDatabaseAge"/> instead of failing.</summary>
    public bool AllowStale { get; init; }

    /// <summary>Match every package's CPEs too, not only binaries'.</summary>
    public bool CpeForAll { get; init; }

    public string? IgnoreFile { get; init; }

    public IReadOnlyList<string> VexFiles { get; init; } = [];

    /// <summary>Suppress findings that have no fix yet.</summary>
    public bool OnlyFixed { get; init; }

    /// <summary>Report each finding under its CVE id where the record has a CVE alias (Grype's <c>--by-cve</c>).</summary>
    public bool ByCve { get; init; }

    /// <summary>How many of the image's first layers are the base image's; given, it wins over the base image annotations.</summary>
    public int? BaseLayers { get; init; }
}
