using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.DotNet;

/// <summary>Builds NuGet packages: <c>pkg:nuget/Name@Version</c>; the CPE vendor guess is the name's first dotted part.</summary>
internal static class DotNetPackageFactory
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var vendor = name.Split('.')[0];
        return new Package
        {
            Name = name,
            Version = version,
            Type = PackageType.DotNet,
            Purl = Purl.For(PackageType.DotNet, null, name, version),
            FoundBy = foundBy,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Cpes = CpeGenerator.Candidates(version, (vendor, name), (name, name)),
            Metadata = metadata ?? new Dictionary<string, string>(),
        };
    }
}
