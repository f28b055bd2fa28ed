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
    private readonly Dictionary<string, List<Candidate>> _byNameEnd = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Candidate>> _byNameStart = new(StringComparer.Ordinal);
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
            if (candidate.IsMatch(path))
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
        var candidate = Candidate.For(pattern, folder);
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

    /// <summary>
    /// A glob and the literal folder every path it matches starts with. The commonest shapes are decided by string
    /// comparisons alone: everything below a folder (<c>/etc/**</c>), a folder's direct children (<c>/*</c>,
    /// <c>/var/lib/dpkg/status.d/*</c>) and the children of a folder of a given name anywhere (<c>**/bin/*</c>).
    /// </summary>
    private sealed class Candidate
    {
        private readonly Shape _shape;
        private readonly string _folder;
        private readonly string? _parentName;
        private readonly Glob? _glob;

        private Candidate(Shape shape, string folder, string? parentName, Glob? glob)
        {
            _shape = shape;
            _folder = folder;
            _parentName = parentName;
            _glob = glob;
        }

        private enum Shape
        {
            Below,
            DirectChild,
            ChildOfFolderNamed,
            Other,
        }

        public static Candidate For(string pattern, string folder)
        {
            var rest = pattern[folder.Length..];
            if (folder.Length > 0 && rest is "**")
            {
                return new Candidate(Shape.Below, folder, null, null);
            }

            if (folder.Length > 0 && rest is "*")
            {
                return new Candidate(Shape.DirectChild, folder, null, null);
            }

            if (folder.Length == 0 && pattern.StartsWith("**/", StringComparison.Ordinal) && pattern.EndsWith("/*", StringComparison.Ordinal)
                && pattern.Length > 5 && pattern.AsSpan(3, pattern.Length - 5).IndexOfAny("/*?") < 0)
            {
                return new Candidate(Shape.ChildOfFolderNamed, folder, pattern[3..^2], null);
            }

            return new Candidate(Shape.Other, folder, null, Glob.Get(pattern));
        }

        public bool IsMatch(string path)
        {
            if (!path.StartsWith(_folder, StringComparison.Ordinal))
            {
                return false;
            }

            switch (_shape)
            {
                case Shape.Below:
                    return true;
                case Shape.DirectChild:
                    return path.IndexOf('/', _folder.Length) < 0;
                case Shape.ChildOfFolderNamed:
                    var parent = path.AsSpan(0, Math.Max(path.LastIndexOf('/'), 0));
                    return parent.EndsWith(_parentName!, StringComparison.Ordinal)
                        && (parent.Length == _parentName!.Length || parent[parent.Length - _parentName.Length - 1] == '/');
                default:
                    return _glob!.IsMatch(path);
            }
        }
    }
}
