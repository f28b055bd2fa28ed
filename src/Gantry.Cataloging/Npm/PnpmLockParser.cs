using Gantry.Cataloging.Common;
using YamlDotNet.RepresentationModel;

namespace Gantry.Cataloging.Npm;

/// <summary>
/// Reads <c>pnpm-lock.yaml</c>. Package keys changed over lockfile versions: v5 <c>/name/1.0.0_peer</c>,
/// v6 <c>/name@1.0.0(peer@2)</c>, v9 <c>name@1.0.0</c> (dependencies then live under <c>snapshots</c>).
/// Every key is normalized to <c>name@version</c> without peer suffixes.
/// </summary>
internal static class PnpmLockParser
{
    public static LockFileContents Parse(string text)
    {
        var root = YamlDocuments.LoadMapping(text);
        var packages = new Dictionary<string, LockedPackage>(StringComparer.Ordinal);
        var edges = new List<LockedDependency>();
        foreach (var section in new[] { "packages", "snapshots" })
        {
            if (!root.Children.TryGetValue(new YamlScalarNode(section), out var node) || node is not YamlMappingNode entries)
            {
                continue;
            }

            foreach (var (keyNode, body) in entries.Children)
            {
                if (ParseKey(((YamlScalarNode)keyNode).Value ?? string.Empty) is not { } package)
                {
                    continue;
                }

                packages.TryAdd(package.Key, package);
                if (body is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("dependencies"), out var deps) && deps is YamlMappingNode dependencies)
                {
                    foreach (var (depName, depVersion) in dependencies.Children)
                    {
                        var name = ((YamlScalarNode)depName).Value!;
                        var version = StripPeers(((YamlScalarNode)depVersion).Value ?? string.Empty);
                        edges.Add(new LockedDependency($"{name}@{version}", package.Key));
                    }
                }
            }
        }

        return new LockFileContents([.. packages.Values], edges.Where(e => packages.ContainsKey(e.DependencyKey)).Distinct().ToList());
    }

    private static LockedPackage? ParseKey(string key)
    {
        var bare = key.TrimStart('/');
        var at = bare.IndexOf('@', 1);
        string name;
        string version;
        if (at > 0)
        {
            (name, version) = (bare[..at], bare[(at + 1)..]);
        }
        else
        {
            // v5: "name/1.0.0" or "@scope/name/1.0.0"
            var slash = bare.LastIndexOf('/');
            if (slash <= 0)
            {
                return null;
            }

            (name, version) = (bare[..slash], bare[(slash + 1)..]);
        }

        version = StripPeers(version);
        return name.Length == 0 || version.Length == 0 || !char.IsAsciiDigit(version[0]) ? null : new LockedPackage($"{name}@{version}", name, version);
    }

    /// <summary>Drops pnpm's peer-dependency suffixes: "1.0.0(react@18)" (v6+) and "1.0.0_react@18" (v5).</summary>
    private static string StripPeers(string value)
    {
        var paren = value.IndexOf('(', StringComparison.Ordinal);
        value = paren > 0 ? value[..paren] : value;
        var underscore = value.IndexOf('_', StringComparison.Ordinal);
        return underscore > 0 ? value[..underscore] : value;
    }
}
