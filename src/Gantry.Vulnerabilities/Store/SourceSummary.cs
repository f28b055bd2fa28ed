namespace Gantry.Vulnerabilities.Store;

/// <summary>What the database holds from one source (a row of the <c>sources</c> table).</summary>
public sealed record SourceSummary(
    string Name,
    string Format,
    string Location,
    DateTimeOffset Updated,
    long Records,
    long Affected,
    long Files,
    long Skipped,
    string? Checksum);

/// <summary>The database's metadata: schema, build time and what each source contributed.</summary>
public sealed record DatabaseMetadata(string Path, int SchemaVersion, DateTimeOffset? Built, IReadOnlyList<SourceSummary> Sources)
{
    public TimeSpan? Age(DateTimeOffset now) => Built is { } built ? now - built : null;
}
