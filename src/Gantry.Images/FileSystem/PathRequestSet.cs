using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Images.FileSystem;

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
