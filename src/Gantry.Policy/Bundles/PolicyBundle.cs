namespace Gantry.Policy.Bundles;

/// <summary>An Anchore policy bundle (version <c>1_0</c>), as loaded and validated by <see cref="BundleLoader"/>.</summary>
public sealed record PolicyBundle
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Comment { get; init; }

    public IReadOnlyList<BundlePolicy> Policies { get; init; } = [];

    /// <summary>The bundle's <c>whitelists</c> (newer name: <c>allowlists</c>).</summary>
    public IReadOnlyList<Allowlist> Allowlists { get; init; } = [];

    /// <summary>Evaluated in order; the first match wins.</summary>
    public IReadOnlyList<MappingRule> Mappings { get; init; } = [];

    /// <summary><c>whitelisted_images</c>: images that pass whatever the policies say (unless also denied).</summary>
    public IReadOnlyList<ImageSelectionRule> AllowedImages { get; init; } = [];

    /// <summary><c>blacklisted_images</c>: images that always fail; beats <see cref="AllowedImages"/>.</summary>
    public IReadOnlyList<ImageSelectionRule> DeniedImages { get; init; } = [];

    /// <summary>The bundle document as it was read, echoed in Anchore's result shape.</summary>
    public string RawJson { get; init; } = "{}";

    public BundlePolicy? FindPolicy(string id) => Policies.FirstOrDefault(p => p.Id == id);

    public Allowlist? FindAllowlist(string id) => Allowlists.FirstOrDefault(a => a.Id == id);
}

public sealed record BundlePolicy(string Id, string? Name, string? Comment, IReadOnlyList<PolicyRule> Rules);

/// <summary>One rule. Parameter names are lower-cased, as Anchore does; values stay the strings the bundle gives.</summary>
public sealed record PolicyRule(
    string? Id,
    string Gate,
    string Trigger,
    GateAction Action,
    IReadOnlyDictionary<string, string> Params,
    string JsonPath);

public sealed record Allowlist(string Id, string? Name, string? Comment, IReadOnlyList<AllowlistItem> Items);

/// <summary>Suppresses a fired trigger of <see cref="Gate"/> whose trigger id equals or wildcard-matches <see cref="TriggerId"/>.</summary>
public sealed record AllowlistItem(string? Id, string Gate, string TriggerId, DateTimeOffset? ExpiresOn)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresOn is { } expires && now >= expires;
}

public enum ImageSelectorType
{
    Tag,
    Digest,
    Id,
}

public sealed record ImageSelector(ImageSelectorType Type, string Value);

/// <summary>Selects images by registry, repository and tag/digest/id (Anchore's ImageSelectionRule).</summary>
public sealed record ImageSelectionRule(string? Id, string? Name, string Registry, string Repository, ImageSelector Image);

/// <summary>A mapping: which policies and allowlists apply to the images it selects.</summary>
public sealed record MappingRule(ImageSelectionRule Selection, IReadOnlyList<string> PolicyIds, IReadOnlyList<string> AllowlistIds)
{
    public string? Id => Selection.Id;

    public string? Name => Selection.Name;
}
