using Gantry.Core;

namespace Gantry.Cataloging.Relationships;

/// <summary>
/// Links each non-OS package to the OS packages (deb, apk, rpm) that own its files: a Python
/// distribution installed by <c>python3-yaml</c>, a jar shipped by <c>libjackson2-core-java</c>, a
/// binary shipped by <c>python3.11-minimal</c>. Matchers then prefer the distro's data for it. Run once
/// over the whole SBOM after every cataloger.
/// </summary>
public static class OwnershipByFileOverlap
{
    /// <summary>Folders that merged-/usr distributions (Debian ≥ 12, Fedora) reach both with and without <c>/usr</c>.</summary>
    private static readonly string[] MergedUsrFolders = ["/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/"];

    private const string Usr = "/usr";

    private static readonly string[] UsrMergedUsrFolders = [.. MergedUsrFolders.Select(f => Usr + f)];

    /// <summary>Relationships from owner (OS package) to owned package, deduplicated and sorted.</summary>
    /// <remarks>
    /// It indexes the paths of the non-OS packages, which are few, and looks up each of the OS packages' many files
    /// there, with its twin across the merged-/usr symlinks: the twins are spans, never strings.
    /// </remarks>
    public static IReadOnlyList<Relationship> Find(IReadOnlyList<Package> packages)
    {
        var ownedAt = new Dictionary<string, List<Package>>(StringComparer.Ordinal);
        foreach (var owned in packages.Where(p => !p.Type.IsOsPackage()))
        {
            foreach (var path in owned.Files.Concat(owned.Locations.Select(l => l.Path)))
            {
                if (!ownedAt.TryGetValue(path, out var list))
                {
                    ownedAt[path] = list = [];
                }

                if (!list.Contains(owned))
                {
                    list.Add(owned);
                }
            }
        }

        var lookup = ownedAt.GetAlternateLookup<ReadOnlySpan<char>>();
        var relationships = new HashSet<Relationship>();
        var ownedByOne = new HashSet<Package>(ReferenceEqualityComparer.Instance);
        var twin = new char[256];
        foreach (var owner in packages.Where(p => p.Type.IsOsPackage()))
        {
            ownedByOne.Clear();
            foreach (var path in owner.Files)
            {
                AddOwned(path);
                for (var i = 0; i < MergedUsrFolders.Length; i++)
                {
                    if (path.StartsWith(MergedUsrFolders[i], StringComparison.Ordinal))
                    {
                        AddOwned(WithUsr(path));
                    }
                    else if (path.StartsWith(UsrMergedUsrFolders[i], StringComparison.Ordinal))
                    {
                        AddOwned(path.AsSpan(Usr.Length));
                    }
                }
            }

            foreach (var owned in ownedByOne)
            {
                relationships.Add(new Relationship(owner.Id, owned.Id, Relationship.OwnershipByFileOverlap));
            }
        }

        return relationships
            .OrderBy(r => r.From, StringComparer.Ordinal)
            .ThenBy(r => r.To, StringComparer.Ordinal)
            .ToList();

        void AddOwned(ReadOnlySpan<char> path)
        {
            if (lookup.TryGetValue(path, out var owned))
            {
                ownedByOne.UnionWith(owned);
            }
        }

        ReadOnlySpan<char> WithUsr(string path)
        {
            if (twin.Length < Usr.Length + path.Length)
            {
                twin = new char[Usr.Length + path.Length];
            }

            Usr.CopyTo(twin);
            path.CopyTo(twin.AsSpan(Usr.Length));
            return twin.AsSpan(0, Usr.Length + path.Length);
        }
    }
}
