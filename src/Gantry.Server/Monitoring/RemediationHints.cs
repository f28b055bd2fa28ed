using System.Text.Json.Nodes;
using Gantry.Core;
using Gantry.Engine.Stored;
using Gantry.Server.Api;
using Gantry.Server.Images;

namespace Gantry.Server.Monitoring;

/// <summary>
/// What to do about a new finding of one image, in <c>gantry scan</c>'s words (<see cref="Remediation"/>): move to the
/// fixed version, and when the package's layer belongs to the base image, rebuild or update the base image rather than the package.
/// </summary>
public sealed class RemediationHints
{
    private readonly Dictionary<(string Name, string Version, string Type, string Path), string> _layers = [];
    private readonly IReadOnlySet<string> _baseLayers;

    public RemediationHints(Sbom sbom)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        _baseLayers = StoredImageOperations.BaseLayers(sbom);
        foreach (var package in sbom.Packages)
        {
            var path = package.Locations.Count > 0 ? package.Locations[0].Path : "None";
            _layers.TryAdd((package.Name, package.Version, AnchoreTypes.Of(package.Type), path), package.LayerDiffId);
        }
    }

    public JsonObject For(VulnerabilityItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var fixes = item.Fix == "None" ? [] : item.Fix.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var inBase = _layers.TryGetValue((item.PackageName, item.PackageVersion, item.PackageType, item.PackagePath), out var layer) && _baseLayers.Contains(layer);
        var remediation = new Remediation(inBase ? RemediationTarget.BaseImage : RemediationTarget.Application, item.PackageName, fixes);
        return new JsonObject
        {
            ["Fixed_Versions"] = new JsonArray([.. fixes.Select(f => JsonValue.Create(f))]),
            ["In_Base_Image"] = inBase,
            ["Action"] = remediation.Hint,
        };
    }
}
