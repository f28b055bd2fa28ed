using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Rust;

/// <summary>Builds crates: <c>pkg:cargo/name@version</c>.</summary>
internal static class RustPackageFactory
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyDictionary<string, string> metadata) => new()
    {
        Name = name,
        Version = version,
        Type = PackageType.RustCrate,
        Purl = Purl.For(PackageType.RustCrate, null, name, version),
        FoundBy = foundBy,
        LayerDiffId = location.LayerDiffId,
        Locations = [location],
        Cpes = CpeGenerator.Candidates(version, (name, name), (name + "_project", name), ("rust-lang", name)),
        Metadata = metadata,
    };
}
