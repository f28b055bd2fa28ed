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

    /// <summary>Relationships from owner (OS package) to owned package, deduplicated and sorted.</summary>
    public static IReadOnlyList<Relationship> Find(IReadOnlyList<Package> packages)
    {
        var owners = new Dictionary<string, List<Package>>(StringComparer.Ordinal);
        foreach (var owner in packages.Where(p => p.Type.IsOsPackage()))
        {
            foreach (var path in owner.Files.SelectMany(Aliases))
            {
                if (!owners.TryGetValue(path, out var list))
                {
                    owners[path] = list = [];
                }

                if (!list.Contains(owner))
                {
                    list.Add(owner);
                }
            }
        }

        return packages
            .Where(p => !p.Type.IsOsPackage())
            .SelectMany(owned => owned.Files.Concat(owned.Locations.Select(l => l.Path))
                .SelectMany(path => owners.GetValueOrDefault(path) ?? [])
                .Distinct()
                .Select(owner => new Relationship(owner.Id, owned.Id, Relationship.OwnershipByFileOverlap)))
            .Distinct()
            .OrderBy(r => r.From, StringComparer.Ordinal)
            .ThenBy(r => r.To, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The path, plus its twin across the merged-/usr symlinks (<c>/bin/x</c> and <c>/usr/bin/x</c>).</summary>
    private static IEnumerable<string> Aliases(string path)
    {
        yield return path;
        foreach (var folder in MergedUsrFolders)
        {
            if (path.StartsWith(folder, StringComparison.Ordinal))
            {
                yield return "/usr" + path;
            }
            else if (path.StartsWith("/usr" + folder, StringComparison.Ordinal))
            {
                yield return path[4..];
            }
        }
    }
}
