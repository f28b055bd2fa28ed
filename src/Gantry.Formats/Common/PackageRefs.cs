using Gantry.Core;

namespace Gantry.Formats.Common;

/// <summary>
/// The packages of an SBOM in document order (name, version, id: independent of the order catalogers ran in), each
/// with a reference that is unique in the document even if two packages share an id.
/// </summary>
public sealed class PackageRefs
{
    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);

    public PackageRefs(IEnumerable<Package> packages)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<(Package, string)>();
        foreach (var package in packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            var reference = package.Id;
            for (var n = 2; !used.Add(reference); n++)
            {
                reference = $"{package.Id}#{n}";
            }

            _byId.TryAdd(package.Id, reference);
            entries.Add((package, reference));
        }

        Entries = entries;
    }

    public IReadOnlyList<(Package Package, string Ref)> Entries { get; }

    /// <summary>The reference of the (first) package with this id, or null when the SBOM has none.</summary>
    public string? Find(string packageId) => _byId.GetValueOrDefault(packageId);

    /// <summary>Relationships whose both ends are packages of this SBOM, as (from ref, to ref, type), sorted and distinct.</summary>
    public IReadOnlyList<(string From, string To, string Type)> Resolve(IEnumerable<Relationship> relationships) =>
        relationships
            .Select(r => (From: Find(r.From), To: Find(r.To), r.Type))
            .Where(r => r.From is not null && r.To is not null)
            .Select(r => (r.From!, r.To!, r.Type))
            .Distinct()
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)
            .ToList();
}
