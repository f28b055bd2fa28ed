using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Npm;

/// <summary>Builds npm packages: <c>pkg:npm/%40scope/name@version</c>, with CPE guesses from the unscoped name.</summary>
internal static class NpmPackageFactory
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyList<string> licenses,
        IReadOnlyDictionary<string, string> metadata)
    {
        var slash = name.StartsWith('@') ? name.IndexOf('/', StringComparison.Ordinal) : -1;
        var (scope, bare) = slash > 0 ? (name[..slash], name[(slash + 1)..]) : (null, name);
        return new Package
        {
            Name = name,
            Version = version,
            Type = PackageType.Npm,
            Purl = Purl.For(PackageType.Npm, scope, bare, version),
            FoundBy = foundBy,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Licenses = licenses,
            Cpes = CpeGenerator.Candidates(version, (bare, bare), (bare + "_project", bare)),
            Metadata = metadata,
        };
    }
}
