namespace Gantry.Core;

/// <summary>A layer-aware bill of materials for one image or folder.</summary>
public sealed record Sbom
{
    /// <summary>The version of Gantry's native SBOM document (docs/sbom-json.md).</summary>
    public const string CurrentSchemaVersion = "1.0";

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required ImageDescription Source { get; init; }

    public Distro? Distro { get; init; }

    public IReadOnlyList<Package> Packages { get; init; } = [];

    public IReadOnlyList<Relationship> Relationships { get; init; } = [];

    public FileSummary Files { get; init; } = new();

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>Secrets found in the files and the config, redacted (docs/sbom-json.md).</summary>
    public IReadOnlyList<Secrets.SecretFinding> Secrets { get; init; } = [];
}

/// <summary>Counts over the squashed file system, and per layer.</summary>
public sealed record FileSummary
{
    public long FileCount { get; init; }

    public long DirectoryCount { get; init; }

    public long SymlinkCount { get; init; }

    public long TotalSize { get; init; }

    public IReadOnlyList<LayerFileSummary> Layers { get; init; } = [];
}

/// <summary>What one layer still contributes to the squashed view: its entries and their total size.</summary>
public sealed record LayerFileSummary(string DiffId, long Entries, long Size);

/// <summary>A typed edge between two packages (by <see cref="Package.Id"/>).</summary>
public sealed record Relationship(string From, string To, string Type)
{
    public const string OwnershipByFileOverlap = "ownership-by-file-overlap";
    public const string DependencyOf = "dependency-of";
}
