using System.Text.Json;

namespace Gantry.Cataloging.Npm;

/// <summary>
/// Reads <c>package-lock.json</c>. Versions 2 and 3 list every installed folder under <c>packages</c>
/// (keys like <c>node_modules/a/node_modules/b</c>); version 1 nests <c>dependencies</c> objects. A
/// dependency is resolved the way node resolves it: the nearest <c>node_modules</c> folder upwards.
/// </summary>
internal static class PackageLockParser
{
    private const string ModulesSegment = "node_modules/";

    public static LockFileContents Parse(ReadOnlyMemory<byte> content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"expected a JSON object, found {root.ValueKind}");
        }

        return root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object
            ? ParseFolders(packages)
            : ParseNested(root);
    }

    private static LockFileContents ParseFolders(JsonElement packages)
    {
        var found = new List<LockedPackage>();
        var edges = new List<LockedDependency>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in packages.EnumerateObject())
        {
            keys.Add(entry.Name);
        }

        foreach (var entry in packages.EnumerateObject())
        {
            var body = entry.Value;
            var at = entry.Name.LastIndexOf(ModulesSegment, StringComparison.Ordinal);
            if (entry.Name.Length == 0 || at < 0 || body.ValueKind != JsonValueKind.Object || IsTrue(body, "link"))
            {
                continue; // the project itself, a workspace folder, or a symlink to one
            }

            var name = PackageJsonParser.StringOf(body, "name") ?? entry.Name[(at + ModulesSegment.Length)..];
            if (PackageJsonParser.StringOf(body, "version") is not { } version)
            {
                continue;
            }

            found.Add(new LockedPackage(entry.Name, name, version, PackageJsonParser.StringOf(body, "license")));
            foreach (var dependency in DependencyNames(body, "dependencies", "optionalDependencies"))
            {
                if (Resolve(entry.Name, dependency, keys) is { } resolved)
                {
                    edges.Add(new LockedDependency(resolved, entry.Name));
                }
            }
        }

        return new LockFileContents(found, edges);
    }

    /// <summary>node's lookup: <c>FOLDER/node_modules/NAME</c>, then each enclosing package's <c>node_modules</c>, up to the root.</summary>
    private static string? Resolve(string from, string name, HashSet<string> keys)
    {
        var folder = from;
        while (true)
        {
            var candidate = (folder.Length > 0 ? folder + "/" : string.Empty) + ModulesSegment + name;
            if (keys.Contains(candidate))
            {
                return candidate;
            }

            if (folder.Length == 0)
            {
                return null;
            }

            var at = folder.LastIndexOf("/" + ModulesSegment, StringComparison.Ordinal);
            folder = at >= 0 ? folder[..at] : string.Empty;
        }
    }

    /// <summary>Version 1: <c>dependencies: {name: {version, requires, dependencies}}</c>, nested where versions conflict.</summary>
    private static LockFileContents ParseNested(JsonElement root)
    {
        var found = new List<LockedPackage>();
        var edges = new List<LockedDependency>();
        if (root.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
        {
            Walk(dependencies, string.Empty, [], found, edges);
        }

        return new LockFileContents(found, edges);
    }

    private static void Walk(JsonElement dependencies, string parentKey, List<Dictionary<string, string>> scopes,
        List<LockedPackage> found, List<LockedDependency> edges)
    {
        // The keys of this level, visible to everything below it.
        var level = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in dependencies.EnumerateObject())
        {
            level[entry.Name] = (parentKey.Length > 0 ? parentKey + "/" : string.Empty) + ModulesSegment + entry.Name;
        }

        var visible = scopes.Append(level).ToList();
        foreach (var entry in dependencies.EnumerateObject())
        {
            var key = level[entry.Name];
            if (entry.Value.ValueKind != JsonValueKind.Object || PackageJsonParser.StringOf(entry.Value, "version") is not { } version)
            {
                continue;
            }

            found.Add(new LockedPackage(key, entry.Name, version));
            var inner = entry.Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : default;
            var innerNames = inner.ValueKind == JsonValueKind.Object ? inner.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var required in DependencyNames(entry.Value, "requires"))
            {
                var resolved = innerNames.Contains(required)
                    ? key + "/" + ModulesSegment + required
                    : visible.AsEnumerable().Reverse().Select(s => s.GetValueOrDefault(required)).FirstOrDefault(k => k is not null);
                if (resolved is not null)
                {
                    edges.Add(new LockedDependency(resolved, key));
                }
            }

            if (inner.ValueKind == JsonValueKind.Object)
            {
                Walk(inner, key, visible, found, edges);
            }
        }
    }

    private static IEnumerable<string> DependencyNames(JsonElement body, params string[] properties) =>
        properties.SelectMany(p => body.TryGetProperty(p, out var deps) && deps.ValueKind == JsonValueKind.Object
            ? deps.EnumerateObject().Select(d => d.Name)
            : []);

    private static bool IsTrue(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}
