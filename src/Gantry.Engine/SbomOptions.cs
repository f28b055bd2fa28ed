using Gantry.Engine.Sources;
using Gantry.Images.Layers;

namespace Gantry.Engine;

public sealed record SbomOptions
{
    public static readonly SbomOptions Default = new();

    public ImageSourceOptions Source { get; init; } = ImageSourceOptions.Default;

    public AnalysisLimits Limits { get; init; } = AnalysisLimits.Default;

    public SbomScope Scope { get; init; } = SbomScope.Squashed;
}
