using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.Core;

/// <summary>
/// The one path glob of Gantry (catalogers' requests, ignore rules, secret-scan candidates), with doublestar
/// semantics as in Syft, Trivy and <c>.gitignore</c>:
/// <list type="bullet">
/// <item><c>*</c> matches any run of characters within one path segment, <c>?</c> one character other than <c>/</c>;</item>
/// <item><c>**</c> as a whole segment matches zero or more segments: <c>/usr/**/x</c> matches <c>/usr/x</c> and
/// <c>/usr/lib/x</c>, <c>**/x</c> matches <c>/x</c>, and a trailing <c>/**</c> matches everything below;</item>
/// <item><c>**</c> inside a segment (<c>lib**</c>) is an ordinary <c>*</c>; every other character matches itself.</item>
/// </list>
/// Compiled once and cached (<see cref="Get"/>). A literal last segment or extension rejects most paths before any
/// regex runs; short paths then use the fast backtracking engine, and paths longer than any real one (or patterns with
/// many wildcards) the linear-time engine, so neither a hostile path nor a hostile pattern can make matching blow up.
/// </summary>
public sealed class Glob
{
    private static readonly ConcurrentDictionary<string, Glob> Cache = new(StringComparer.Ordinal);

    private const int LongPath = 1024;

    /// <summary>More wildcard runs than this can backtrack polynomially on a short path: such patterns always run in linear time.</summary>
    private const int MaxBacktrackingWildcards = 3;

    private readonly Lazy<Regex> _regex;
    private readonly Lazy<Regex> _linearRegex;
    private readonly string? _requiredSuffix;
    private readonly bool _alwaysLinear;

    public Glob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        // Built on first use: a path must pass the literal parts first (here and in GlobIndex), so most globs never run
        // their regex, and building one costs more than many matches (a warm scan builds hundreds of globs).
        _regex = new Lazy<Regex>(() => new Regex(ToRegex(pattern), RegexOptions.CultureInvariant));
        _linearRegex = new Lazy<Regex>(() => new Regex(ToRegex(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        _requiredSuffix = RequiredSuffix(pattern);
        _alwaysLinear = WildcardRuns(pattern) > MaxBacktrackingWildcards;
    }

    public string Pattern { get; }

    /// <summary>The compiled glob for <paramref name="pattern"/>, shared by every caller (for the fixed patterns of code).</summary>
    public static Glob Get(string pattern) => Cache.GetOrAdd(pattern, p => new Glob(p));

    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return (_requiredSuffix is null || path.EndsWith(_requiredSuffix, StringComparison.Ordinal))
            && (path.Length <= LongPath && !_alwaysLinear ? _regex : _linearRegex).Value.IsMatch(path);
    }

    /// <summary>The anchored regex of a glob, for callers that combine many globs into one automaton.</summary>
    public static string ToRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                var end = i;
                while (end < pattern.Length && pattern[end] == '*')
                {
                    end++;
                }

                var wholeSegment = end - i > 1 && (i == 0 || pattern[i - 1] == '/') && (end == pattern.Length || pattern[end] == '/');
                if (wholeSegment && end < pattern.Length)
                {
                    // "**/" is zero or more whole segments; the slash is part of it.
                    sb.Append("(?:.*/)?");
                    i = end;
                    continue;
                }

                sb.Append(wholeSegment ? ".*" : "[^/]*");
                i = end - 1;
            }
            else
            {
                sb.Append(c == '?' ? "[^/]" : Regex.Escape(c.ToString()));
            }
        }

        return sb.Append('$').ToString();
    }

    /// <summary>How many runs of <c>*</c> and <c>?</c> the pattern has.</summary>
    private static int WildcardRuns(string pattern)
    {
        var runs = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] is '*' or '?' && (i == 0 || pattern[i - 1] is not ('*' or '?')))
            {
                runs++;
            }
        }

        return runs;
    }

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
}
