namespace Gantry.Images.FileSystem;

/// <summary>
/// The union of every path and glob the catalogers asked for, tested against each tar entry: exact paths are a hash
/// lookup, globs go through a <see cref="GlobIndex"/> (no regex per entry).
/// A glob prefixed <see cref="ExecutablePrefix"/> only requests files with an execute bit (binaries
/// whose build info catalogers read), so that folders like <c>/app/**</c> can be asked for cheaply.
/// </summary>
public sealed class PathRequestSet
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly GlobIndex _globs;
    private readonly GlobIndex _executables;

    /// <summary>Prefix of a glob that matches executable regular files only, e.g. <c>exec:/usr/local/**</c>.</summary>
    public const string ExecutablePrefix = "exec:";

    public PathRequestSet(IEnumerable<string> patterns)
    {
        var globs = new List<string>();
        var executables = new List<string>();
        foreach (var pattern in patterns.Distinct(StringComparer.Ordinal))
        {
            if (pattern.StartsWith(ExecutablePrefix, StringComparison.Ordinal))
            {
                executables.Add(pattern[ExecutablePrefix.Length..]);
            }
            else if (pattern.AsSpan().IndexOfAny('*', '?') < 0)
            {
                _exact.Add(pattern);
            }
            else
            {
                globs.Add(pattern);
            }
        }

        _globs = new GlobIndex(globs);
        _executables = new GlobIndex(executables);
    }

    public bool IsRequested(string path) => _exact.Contains(path) || _globs.IsMatch(path);

    /// <summary>Also true for an executable (any of the 0111 bits in <paramref name="mode"/>) matching an <c>exec:</c> glob.</summary>
    public bool IsRequested(string path, int mode) =>
        IsRequested(path) || ((mode & 0x49) != 0 && _executables.IsMatch(path));
}
