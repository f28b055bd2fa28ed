using Gantry.Core;

namespace Gantry.Images.FileSystem;

/// <summary>
/// Answers "does any of these globs match this path?" for every entry of every layer without running a regex per entry.
/// Each glob is filed under what its last segment must be: a literal name (<c>**/Cargo.lock</c>), a literal end
/// (<c>**/*.jar</c>, <c>requirements*.txt</c>), a literal start (<c>libnode.so*</c>), or anything (<c>/etc/**</c>,
/// <c>**/bin/*</c>); and under the literal folder it must be in, if any (<c>/etc/</c>). A path is tested with hash
/// lookups and string comparisons against those, and only the few globs that pass them run their <see cref="Glob"/>.
/// </summary>
internal sealed class GlobIndex
{
    private readonly Dictionary<string, List<Candidate>> _byName = new(StringComparer.Ordinal);
    private readonly List<(string End, List<Candidate> Globs)> _byNameEnd = [];
    private readonly List<(string Start, List<Candidate> Globs)> _byNameStart = [];
    private readonly List<Candidate> _anyName = [];

    public GlobIndex(IEnumerable<string> globs)
    {
        foreach (var glob in globs)
        {
            Add(glob);
        }
    }

    public bool IsMatch(string path)
    {
        var name = path.AsSpan(path.LastIndexOf('/') + 1);
        var lookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out var named) && AnyMatch(named, path))
        {
            return true;
        }

        foreach (var (end, globs) in _byNameEnd)
        {
            if (name.EndsWith(end, StringComparison.Ordinal) && AnyMatch(globs, path))
            {
                return true;
            }
        }

        foreach (var (start, globs) in _byNameStart)
        {
            if (name.StartsWith(start, StringComparison.Ordinal) && AnyMatch(globs, path))
            {
                return true;
            }
        }

        return AnyMatch(_anyName, path);
    }

    private static bool AnyMatch(List<Candidate> candidates, string path)
    {
        foreach (var candidate in candidates)
        {
            if (path.StartsWith(candidate.Folder, StringComparison.Ordinal) && (candidate.Glob?.IsMatch(path) ?? true))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(string pattern)
    {
        var lastSlash = pattern.LastIndexOf('/');
        var last = pattern[(lastSlash + 1)..];
        var firstWildcard = pattern.IndexOfAny(['*', '?']);
        // The literal folders before the first wildcard: "/opt/**/*.json" must start with "/opt/".
        var folder = firstWildcard < 0 ? pattern[..(lastSlash + 1)] : pattern[..(pattern.LastIndexOf('/', Math.Max(firstWildcard - 1, 0)) + 1)];
        // "/etc/**" needs nothing but its folder.
        var candidate = new Candidate(folder, folder.Length > 0 && pattern[folder.Length..] is "**" ? null : Glob.Get(pattern));
        var lastWildcard = last.LastIndexOfAny(['*', '?']);
        if (last.Length == 0 || (last.Contains("**", StringComparison.Ordinal) && last != "**"))
        {
            _anyName.Add(candidate);
        }
        else if (lastWildcard < 0)
        {
            Bucket(_byName, last).Add(candidate);
        }
        else if (lastWildcard < last.Length - 1)
        {
            Bucket(_byNameEnd, last[(lastWildcard + 1)..]).Add(candidate);
        }
        else if (last.IndexOfAny(['*', '?']) > 0)
        {
            Bucket(_byNameStart, last[..last.IndexOfAny(['*', '?'])]).Add(candidate);
        }
        else
        {
            _anyName.Add(candidate);
        }
    }

    private static List<Candidate> Bucket(Dictionary<string, List<Candidate>> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            list = [];
            buckets[key] = list;
        }

        return list;
    }

    private static List<Candidate> Bucket(List<(string Key, List<Candidate> Globs)> buckets, string key)
    {
        foreach (var (existing, globs) in buckets)
        {
            if (existing == key)
            {
                return globs;
            }
        }

        var list = new List<Candidate>();
        buckets.Add((key, list));
        return list;
    }

    /// <summary>A glob and the literal folder every path it matches starts with; no glob when the folder decides alone.</summary>
    private sealed record Candidate(string Folder, Glob? Glob);
}
