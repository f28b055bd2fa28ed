using Gantry.Cataloging.Cpe;
using Gantry.Core;

namespace Gantry.Cataloging.Python;

/// <summary>Builds Python packages: <c>pkg:pypi/NAME@VERSION</c> with the PEP 503 normalized name the purl spec asks for.</summary>
internal static class PythonPackageFactory
{
    public static Package Create(string name, string version, string foundBy, Location location, IReadOnlyList<string>? licenses = null,
        IReadOnlyList<string>? files = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var normalized = Normalize(name);
        return new Package
        {
            Name = name,
            Version = version,
            Type = PackageType.Python,
            Purl = Purl.For(PackageType.Python, null, normalized, version),
            FoundBy = foundBy,
            LayerDiffId = location.LayerDiffId,
            Locations = [location],
            Licenses = licenses ?? [],
            Files = files ?? [],
            Cpes = CpeGenerator.Candidates(version, (normalized, normalized), (normalized + "_project", normalized), ("python", normalized)),
            Metadata = metadata ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>PyPI's normalization (PEP 503: lower case, runs of '-', '_' and '.' become one '-'), as the store indexes names.</summary>
    public static string Normalize(string name) => Ecosystems.Of(PackageType.Python).Normalization.Apply(name.Trim());
}
