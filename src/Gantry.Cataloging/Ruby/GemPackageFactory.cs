using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Ruby;

/// <summary>Builds gems: <c>pkg:gem/name@version</c>.</summary>
internal static class GemPackageFactory
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyList<string>? licenses = null,
        IReadOnlyDictionary<string, string>? metadata = null) => new()
        {
            Name = name,
            Version = version,
            Type = PackageType.Gem,
            Purl = Purl.For(PackageType.Gem, null, name, version),
            FoundBy = foundBy,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Licenses = licenses ?? [],
            Cpes = CpeGenerator.Candidates(version, (name, name), (name + "_project", name), ("ruby-lang", name)),
            Metadata = metadata ?? new Dictionary<string, string>(),
        };
}
