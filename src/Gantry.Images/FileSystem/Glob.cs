using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.Images.FileSystem;

/// <summary>
/// Path globs over absolute image paths: <c>*</c> and <c>?</c> stay within one segment, <c>**</c>
/// spans segments. Compiled once and cached (<see cref="Get"/>). A literal last segment or
/// extension rejects most paths before any regex runs; ordinary paths then use the fast
/// backtracking engine, and paths longer than any real one use the linear-time engine, so a
/// hostile path cannot make matching quadratic.
/// </summary>
public sealed class Glob
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Glob> Cache = new(StringComparer.Ordinal);

    private const int LongPath = 1024;

    private readonly Regex _regex;
    private readonly Lazy<Regex> _linearRegex;
    private readonly string? _requiredSuffix;

    public Glob(string pattern)
    {
        Pattern = pattern;
        var regex = ToRegex(pattern);
        _regex = new Regex(regex, RegexOptions.CultureInvariant);
        _linearRegex = new Lazy<Regex>(() => new Regex(regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        _requiredSuffix = RequiredSuffix(pattern);
    }

    public string Pattern { get; }

    /// <summary>The compiled glob for <paramref name="pattern"/>, shared by every caller.</summary>
    public static Glob Get(string pattern) => Cache.GetOrAdd(pattern, p => new Glob(p));

    public bool IsMatch(string path) =>
        (_requiredSuffix is null || path.EndsWith(_requiredSuffix, StringComparison.Ordinal))
        && (path.Length <= LongPath ? _regex : _linearRegex.Value).IsMatch(path);

    /// <summary>"/NAME" when the last segment is literal, ".EXT" for "*.EXT": every match must end with it.</summary>
    private static string? RequiredSuffix(string pattern)
    {
        var last = pattern[(pattern.LastIndexOf('/') + 1)..];
        if (last.Length == 0 || last.Contains("**", StringComparison.Ordinal))
        {
            return null;
        }

        if (last.IndexOfAny(['*', '?']) < 0)
        {
            return pattern.Contains('/', StringComparison.Ordinal) ? "/" + last : last;
        }

        var tail = last[(last.LastIndexOfAny(['*', '?']) + 1)..];
        return tail.Length > 0 ? tail : null;
    }

    internal static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more whole segments; a trailing "**" matches the rest.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    sb.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.Append('$').ToString();
    }
}

/// <summary>
/// The union of every path and glob the catalogers asked for, tested against each tar entry. Exact
/// paths and "**/NAME" globs are hash lookups; only other globs go through one combined regex.
/// A glob prefixed <see cref="ExecutablePrefix"/> only requests files with an execute bit (binaries
/// whose build info catalogers read), so that folders like <c>/app/**</c> can be asked for cheaply.
/// </summary>
public sealed class PathRequestSet
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fileNames = new(StringComparer.Ordinal);
    private readonly Regex? _rest;
    private readonly Regex? _executables;

    /// <summary>Prefix of a glob that matches executable regular files only, e.g. <c>exec:/usr/local/**</c>.</summary>
    public const string ExecutablePrefix = "exec:";

    public PathRequestSet(IEnumerable<string> patterns)
    {
        var rest = new List<string>();
        var executables = new List<string>();
        foreach (var pattern in patterns.Distinct(StringComparer.Ordinal))
        {
            if (pattern.StartsWith(ExecutablePrefix, StringComparison.Ordinal))
            {
                executables.Add(Glob.ToRegex(pattern[ExecutablePrefix.Length..]));
            }
            else if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
            {
                _exact.Add(pattern);
            }
            else if (pattern.StartsWith("**/", StringComparison.Ordinal) && !HasWildcard(pattern.AsSpan(3)) && !pattern[3..].Contains('/', StringComparison.Ordinal))
            {
                _fileNames.Add(pattern[3..]);
            }
            else
            {
                rest.Add(Glob.ToRegex(pattern));
            }
        }

        if (rest.Count > 0)
        {
            _rest = new Regex(string.Join('|', rest.Select(r => $"(?:{r})")), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }

        if (executables.Count > 0)
        {
            _executables = new Regex(string.Join('|', executables.Select(r => $"(?:{r})")), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
    }

    public bool IsRequested(string path) =>
        _exact.Contains(path) || _fileNames.Contains(ImagePath.FileName(path)) || (_rest?.IsMatch(path) ?? false);

    /// <summary>Also true for an executable (any of the 0111 bits in <paramref name="mode"/>) matching an <c>exec:</c> glob.</summary>
    public bool IsRequested(string path, int mode) =>
        IsRequested(path) || ((mode & 0x49) != 0 && (_executables?.IsMatch(path) ?? false));

    private static bool HasWildcard(ReadOnlySpan<char> s) => s.IndexOfAny('*', '?') >= 0;
}
