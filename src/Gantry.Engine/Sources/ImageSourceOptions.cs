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

    /// <summary>
    /// The options a host gives: <paramref name="image"/> picks one image from an archive or layout (NAME:TAG or a
    /// digest), <paramref name="platform"/> one platform (<c>os/arch[/variant]</c>) of a multi-platform image.
    /// </summary>
    public static ImageSourceOptions For(string? image, string? platform, RegistryAccess registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new ImageSourceOptions
        {
            Selector = new ImageSelector(image, platform is null ? null : ImageSelector.ParsePlatform(platform)),
            Registry = registry.ToOptions(TimeProvider.System),
        };
    }

    /// <summary>The same options with registry waits and token expiry on <paramref name="clock"/>.</summary>
    internal ImageSourceOptions On(TimeProvider clock) => this with { Registry = Registry with { Clock = clock } };
}
