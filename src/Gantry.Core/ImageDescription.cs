namespace Gantry.Core;

/// <summary>What was scanned: the image's identity, layers and configuration.</summary>
public sealed record ImageDescription
{
    /// <summary>The source string the user gave, e.g. <c>docker-archive:app.tar</c>.</summary>
    public required string Input { get; init; }

    /// <summary>docker-archive, oci-dir, oci-archive, dir, registry or sbom.</summary>
    public required string Kind { get; init; }

    public string? ManifestDigest { get; init; }

    public string? ManifestMediaType { get; init; }

    public string? ConfigDigest { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Architecture { get; init; }

    public string? Os { get; init; }

    public string? Variant { get; init; }

    public DateTimeOffset? Created { get; init; }

    public IReadOnlyList<LayerDescription> Layers { get; init; } = [];

    public ImageConfigSummary Config { get; init; } = new();

    /// <summary>Manifest annotations (for example <c>org.opencontainers.image.base.digest</c>).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

/// <summary>One layer: blob digest (compressed), diffID (uncompressed), size and the history line that made it.</summary>
public sealed record LayerDescription
{
    public required int Index { get; init; }

    public required string Digest { get; init; }

    public required string DiffId { get; init; }

    public long Size { get; init; }

    public string? MediaType { get; init; }

    public string? CreatedBy { get; init; }
}

/// <summary>The runtime configuration of the image (the <c>config</c> object of the OCI image config).</summary>
public sealed record ImageConfigSummary
{
    public string? User { get; init; }

    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public string? WorkingDir { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string>? Healthcheck { get; init; }

    public IReadOnlyList<string> Volumes { get; init; } = [];

    public string? StopSignal { get; init; }

    /// <summary>Every history entry, including empty layers (ENV, EXPOSE…), in order.</summary>
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];
}

public sealed record HistoryEntry(string? CreatedBy, DateTimeOffset? Created, bool EmptyLayer, string? Comment);
