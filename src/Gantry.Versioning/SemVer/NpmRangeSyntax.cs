using Gantry.Versioning.Constraints;

namespace Gantry.Versioning.SemVer;

/// <summary>
/// npm ranges as node-semver 7 reads them (without <c>includePrerelease</c>): <c>^ ~ ~&gt;</c>, x-ranges, hyphen ranges,
/// <c>||</c> and primitive comparators. Each alternative is desugared to primitive comparators exactly as node-semver's
/// <c>replaceCaret</c> / <c>replaceTilde</c> / <c>replaceXRange</c> / <c>hyphenReplace</c> do.
/// </summary>
internal static class NpmRangeSyntax
{
    public static IVersionConstraint? Parse(string text, IVersionComparer comparer, out string? problem)
    {
        var sets = new List<VersionPredicate>();
        foreach (var alternative in text.Split("||"))
        {
            var set = ParseSet(alternative.Trim(), out problem);
            if (set is null)
            {
                return null;
            }

            sets.Add(set);
        }

        problem = null;
        return new Constraint(text, comparer, sets.Count == 1 ? sets[0] : new AnyOfPredicate(sets));
    }

    private static VersionPredicate? ParseSet(string text, out string? problem)
    {
        problem = null;
        var bounds = new List<string>();
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 3 && words[1] == "-")
        {
            if (!Partial.TryParse(words[0], out var from, out problem) || !Partial.TryParse(words[2], out var to, out problem))
            {
                return null;
            }

            AddHyphen(from, to, bounds);
        }
        else if (words.Length > 0)
        {
            var terms = ComparatorTerm.Split(text, commaSeparates: false, out problem);
            if (terms is null)
            {
                return null;
            }

            foreach (var term in terms)
            {
                if (!Partial.TryParse(term.Version, out var partial, out problem) || !AddTerm(term.Operator, partial, bounds, out problem))
                {
                    return null;
                }
            }
        }

        var comparators = new List<ComparisonPredicate>(bounds.Count);
        foreach (var bound in bounds)
        {
            if (bound == Nothing)
            {
                return NothingPredicate.Instance;
            }

            var opLength = bound.StartsWith(">=", StringComparison.Ordinal) || bound.StartsWith("<=", StringComparison.Ordinal) ? 2
                : bound[0] is '<' or '>' ? 1 : 0;
            var version = SemanticVersion.TryParse(bound[opLength..], VersionScheme.SemVer, strict: false, out problem);
            if (version is null)
            {
                return null;
            }

            comparators.Add(new ComparisonPredicate(ComparatorTerm.ToOperator(bound[..opLength])!.Value, version));
        }

        problem = null;
        return new NpmComparatorSet(comparators);
    }

    private const string Nothing = "<0.0.0-0";

    private static bool AddTerm(string op, Partial v, List<string> bounds, out string? problem)
    {
        problem = null;
        switch (op)
        {
            case "~" or "~>":
                AddTilde(v, bounds);
                return true;
            case "^":
                AddCaret(v, bounds);
                return true;
            case "" or "=" or "<" or ">" or "<=" or ">=":
                AddXRange(op, v, bounds);
                return true;
            default:
                problem = $"unknown operator '{op}'";
                return false;
        }
    }

    private static void AddTilde(Partial v, List<string> bounds)
    {
        if (v.Major is null)
        {
            return;
        }

        if (v.Minor is null)
        {
            bounds.Add($">={v.Major}.0.0");
            bounds.Add($"<{Inc(v.Major)}.0.0-0");
            return;
        }

        bounds.Add(v.Patch is null ? $">={v.Major}.{v.Minor}.0" : ">=" + v.Full);
        bounds.Add($"<{v.Major}.{Inc(v.Minor)}.0-0");
    }

    private static void AddCaret(Partial v, List<string> bounds)
    {
        if (v.Major is null)
        {
            return;
        }

        if (v.Minor is null)
        {
            bounds.Add($">={v.Major}.0.0");
            bounds.Add($"<{Inc(v.Major)}.0.0-0");
            return;
        }

        var majorIsZero = VersionText.IsZero(v.Major);
        if (v.Patch is null)
        {
            bounds.Add($">={v.Major}.{v.Minor}.0");
            bounds.Add(majorIsZero ? $"<{v.Major}.{Inc(v.Minor)}.0-0" : $"<{Inc(v.Major)}.0.0-0");
            return;
        }

        bounds.Add(">=" + v.Full);
        bounds.Add(!majorIsZero ? $"<{Inc(v.Major)}.0.0-0"
            : VersionText.IsZero(v.Minor) ? $"<{v.Major}.{v.Minor}.{Inc(v.Patch)}-0"
            : $"<{v.Major}.{Inc(v.Minor)}.0-0");
    }

    private static void AddXRange(string op, Partial v, List<string> bounds)
    {
        var anyX = v.Patch is null;
        if (op == "=")
        {
            op = "";
        }

        if (v.Major is null)
        {
            if (op is ">" or "<")
            {
                bounds.Add(Nothing);
            }

            return;
        }

        if (op.Length > 0 && anyX)
        {
            var major = v.Major;
            var minor = v.Minor ?? "0";
            var pre = "";
            if (op == ">")
            {
                op = ">=";
                (major, minor) = v.Minor is null ? (Inc(major), "0") : (major, Inc(minor));
            }
            else if (op == "<=")
            {
                op = "<";
                (major, minor) = v.Minor is null ? (Inc(major), minor) : (major, Inc(minor));
            }

            if (op == "<")
            {
                pre = "-0";
            }

            bounds.Add($"{op}{major}.{minor}.0{pre}");
            return;
        }

        if (v.Minor is null)
        {
            bounds.Add($">={v.Major}.0.0");
            bounds.Add($"<{Inc(v.Major)}.0.0-0");
        }
        else if (v.Patch is null)
        {
            bounds.Add($">={v.Major}.{v.Minor}.0");
            bounds.Add($"<{v.Major}.{Inc(v.Minor)}.0-0");
        }
        else
        {
            bounds.Add(op + v.Full);
        }
    }

    private static void AddHyphen(Partial from, Partial to, List<string> bounds)
    {
        if (from.Major is not null)
        {
            bounds.Add(from.Minor is null ? $">={from.Major}.0.0" : from.Patch is null ? $">={from.Major}.{from.Minor}.0" : ">=" + from.Full);
        }

        if (to.Major is not null)
        {
            bounds.Add(to.Minor is null ? $"<{Inc(to.Major)}.0.0-0" : to.Patch is null ? $"<{to.Major}.{Inc(to.Minor)}.0-0" : "<=" + to.Full);
        }
    }

    private static string Inc(string digits) => VersionText.Increment(digits);

    /// <summary>An npm partial version: a null part is an x-range wildcard (<c>x X *</c> or missing).</summary>
    private sealed record Partial(string? Major, string? Minor, string? Patch, string Full)
    {
        public static bool TryParse(string text, out Partial partial, out string? problem)
        {
            var s = text.TrimStart('v', '=');
            var suffixAt = s.IndexOfAny(['-', '+']);
            var core = suffixAt < 0 ? s : s[..suffixAt];
            var parts = core.Split('.');
            partial = new Partial(null, null, null, "");
            if (parts.Length > 3 || parts.Any(p => p.Length == 0 || (!IsWildcard(p) && (!VersionText.IsAllDigits(p) || (p.Length > 1 && p[0] == '0')))))
            {
                problem = $"'{VersionText.Shorten(text)}' is not a version or x-range";
                return false;
            }

            string? Part(int i) => i < parts.Length && !IsWildcard(parts[i]) ? parts[i] : null;
            var major = Part(0);
            var minor = major is null ? null : Part(1);
            var patch = minor is null ? null : Part(2);
            if (suffixAt >= 0 && patch is null)
            {
                problem = $"'{VersionText.Shorten(text)}' has a prerelease or build without a full version";
                return false;
            }

            // Like node-semver, versions in ranges are strict: no leading zeros.
            if (patch is not null && SemanticVersion.TryParse(s, VersionScheme.SemVer, strict: true, out problem) is null)
            {
                return false;
            }

            problem = null;
            partial = new Partial(major, minor, patch, s);
            return true;
        }

        private static bool IsWildcard(string part) => part is "x" or "X" or "*";
    }
}

/// <summary>
/// One AND-ed comparator set. A prerelease version only satisfies it when some comparator names a prerelease of the
/// same major.minor.patch (node-semver's <c>testSet</c>), so <c>^1.2.3</c> does not admit <c>1.5.0-beta</c>.
/// </summary>
internal sealed class NpmComparatorSet(List<ComparisonPredicate> comparators) : VersionPredicate
{
    public override bool Matches(ParsedVersion version)
    {
        foreach (var comparator in comparators)
        {
            if (!comparator.Matches(version))
            {
                return false;
            }
        }

        var candidate = (SemanticVersion)version;
        if (candidate.Prerelease.Length == 0)
        {
            return true;
        }

        foreach (var comparator in comparators)
        {
            var bound = (SemanticVersion)comparator.Bound;
            if (bound.Prerelease.Length > 0 && bound.CompareRelease(candidate) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
