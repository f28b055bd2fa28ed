namespace Gantry.Core;

/// <summary>The operating system of an image, as <c>/etc/os-release</c> (or its fallbacks) describes it.</summary>
public sealed record Distro
{
    /// <summary>Lower-case id such as <c>debian</c>, <c>alpine</c>, <c>rhel</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Release such as <c>12</c> or <c>3.19.1</c>; may be empty (Debian testing).</summary>
    public string VersionId { get; init; } = string.Empty;

    public string? VersionCodename { get; init; }

    public string? PrettyName { get; init; }

    public IReadOnlyList<string> IdLike { get; init; } = [];

    /// <summary>The file the distro was read from.</summary>
    public string? Source { get; init; }
}
