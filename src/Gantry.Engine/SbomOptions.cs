using Gantry.Core.Secrets;
using Gantry.Engine.Sources;
using Gantry.Images.Layers;

namespace Gantry.Engine;

public sealed record SbomOptions
{
    public static readonly SbomOptions Default = new();

    public ImageSourceOptions Source { get; init; } = ImageSourceOptions.Default;

    public AnalysisLimits Limits { get; init; } = AnalysisLimits.Default;

    public SbomScope Scope { get; init; } = SbomScope.Squashed;

    /// <summary>The rules the secret scan applies (<c>--secret-config</c>); Anchore's defaults unless given.</summary>
    public SecretRuleSet SecretRules { get; init; } = SecretRuleSet.AnchoreDefaults;

    /// <summary>The per-layer analysis cache (docs/cache.md); null analyzes every layer (the default here, the hosts open one).</summary>
    public Caching.AnalysisCache? Cache { get; init; }
}
