using Gantry.Images.Registry;
using Gantry.Images.Sources;

namespace Gantry.Engine.Sources;

/// <summary>How to open a source: which image to pick from it, and how to reach registries.</summary>
public sealed record ImageSourceOptions
{
    public static readonly ImageSourceOptions Default = new();

    public ImageSelector Selector { get; init; } = ImageSelector.Default;

    /// <summary>Credentials, insecure hosts, CA file and retry budget for registry sources.</summary>
    public RegistryOptions Registry { get; init; } = RegistryOptions.Default;
}
