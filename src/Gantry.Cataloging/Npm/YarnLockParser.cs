namespace Gantry.Cataloging.Npm;

/// <summary>
/// Reads <c>yarn.lock</c>, both the classic v1 format (<c>version "1.2.3"</c>) and berry's YAML form
/// (<c>version: 1.2.3</c>, specs prefixed <c>npm:</c>). An entry starts with an unindented line of
/// comma-separated specs ending in ':'; its dependencies are "name range" pairs in an indented block.
/// Workspace entries (<c>@workspace:</c>) are the project itself and are skipped.
/// </summary>
internal static class YarnLockParser
{
    public static LockFileContents Parse(string text)
    {
        var entries = new List<Entry>();
        Entry? current = null;
        var inDependencies = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var trimmed = line.Trim();
            if (indent == 0)
            {
                current = trimmed.EndsWith(':') && !trimmed.StartsWith("__metadata", StringComparison.Ordinal)
                    ? new Entry(trimmed[..^1].Split(',').Select(s => Unquote(s.Trim())).Where(s => s.Length > 0).ToList())
                    : null;
                if (current is not null)
                {
                    entries.Add(current);
                }

                inDependencies = false;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (indent <= 2)
            {
                var (key, value) = SplitPair(trimmed);
                inDependencies = key is "dependencies" or "optionalDependencies";
                if (key == "version")
                {
                    current.Version = value;
                }
            }
            else if (inDependencies)
            {
                var (name, range) = SplitPair(trimmed);
                current.Dependencies.Add((name, range));
            }
        }

        return Build(entries);
    }

    private static LockFileContents Build(List<Entry> entries)
    {
        var packages = new List<LockedPackage>();
        var bySpec = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = NameOf(entry.Specs[0]);
            if (entry.Version is null || name.Length == 0 || entry.Specs.Any(s => s.Contains("@workspace:", StringComparison.Ordinal)))
            {
                continue;
            }

            var key = $"{name}@{entry.Version}";
            packages.Add(new LockedPackage(key, name, entry.Version));
            foreach (var spec in entry.Specs)
            {
                bySpec[spec] = key;
            }

            entry.Key = key;
        }

        var edges = new List<LockedDependency>();
        foreach (var entry in entries.Where(e => e.Key is not null))
        {
            foreach (var (name, range) in entry.Dependencies)
            {
                if ((bySpec.GetValueOrDefault($"{name}@{range}") ?? bySpec.GetValueOrDefault($"{name}@npm:{range}")) is { } dependency)
                {
                    edges.Add(new LockedDependency(dependency, entry.Key!));
                }
            }
        }

        return new LockFileContents(packages.DistinctBy(p => p.Key).ToList(), edges);
    }

    /// <summary>"@scope/name@^1.0.0" → "@scope/name": the name ends at the last '@' after the first character.</summary>
    private static string NameOf(string spec)
    {
        var at = spec.IndexOf('@', 1);
        return at > 0 ? spec[..at] : spec;
    }

    /// <summary>Splits <c>key "value"</c> (classic) or <c>key: value</c> (berry).</summary>
    private static (string Key, string Value) SplitPair(string line)
    {
        var quotedKey = line.StartsWith('"');
        var end = quotedKey ? line.IndexOf('"', 1) + 1 : line.IndexOfAny([' ', ':']);
        if (end <= 0)
        {
            return (Unquote(line.TrimEnd(':')), string.Empty);
        }

        var key = Unquote(line[..end].TrimEnd(':'));
        var value = line[end..].TrimStart(':').Trim();
        return (key, Unquote(value));
    }

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private sealed class Entry(List<string> specs)
    {
        public List<string> Specs { get; } = specs;

        public string? Version { get; set; }

        public string? Key { get; set; }

        public List<(string Name, string Range)> Dependencies { get; } = [];
    }
}
