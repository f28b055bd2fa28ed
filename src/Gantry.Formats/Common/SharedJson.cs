using Gantry.Core;

namespace Gantry.Formats.Common;

/// <summary>The distro as both the native SBOM and the scan report write it.</summary>
internal sealed record DistroJson(string Id, string VersionId, string? VersionCodename, string? PrettyName, IReadOnlyList<string> IdLike, string? Source)
{
    public static DistroJson From(Distro d) => new(d.Id, d.VersionId, d.VersionCodename, d.PrettyName, d.IdLike, d.Source);
}

/// <summary>A diagnostic as both the native SBOM and the scan report write it.</summary>
internal sealed record DiagnosticJson(string Code, string Message, string? Path, string? LayerDiffId)
{
    public static DiagnosticJson From(Diagnostic d) => new(d.Code, d.Message, d.Path, d.LayerDiffId);
}
