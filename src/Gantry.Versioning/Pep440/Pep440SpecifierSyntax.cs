using Gantry.Versioning.Constraints;

namespace Gantry.Versioning.Pep440;

/// <summary>
/// PEP 440 version specifiers (<c>~= == != &lt;= &gt;= &lt; &gt; ===</c>, <c>==1.2.*</c>), comma-separated and AND-ed, as
/// <c>packaging.specifiers.SpecifierSet.contains(v, prereleases=True)</c> evaluates them: pre-releases are candidates,
/// because a vulnerable pre-release is still vulnerable.
/// </summary>
internal static class Pep440SpecifierSyntax
{
    private static readonly string[] Operators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];

    public static IVersionConstraint? Parse(string text, IVersionComparer comparer, out string? problem)
    {
        var parts = new List<VersionPredicate>();
        // Like packaging, empty items between commas are ignored.
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var op = Operators.FirstOrDefault(o => item.StartsWith(o, StringComparison.Ordinal));
            if (op is null)
            {
                problem = $"'{VersionText.Shorten(item)}' does not start with one of {string.Join(' ', Operators)}";
                return null;
            }

            var versionText = item[op.Length..].Trim();
            VersionPredicate? predicate = op == "===" ? ArbitraryEquality(versionText, out problem) : Specifier(op, versionText, out problem);
            if (predicate is null)
            {
                return null;
            }

            parts.Add(predicate);
        }

        problem = parts.Count == 0 ? "it has no specifiers" : null;
        return parts.Count == 0 ? null : new Constraint(text, comparer, parts.Count == 1 ? parts[0] : new AllOfPredicate(parts));
    }

    private static ArbitraryEqualityPredicate? ArbitraryEquality(string versionText, out string? problem)
    {
        if (!VersionText.CheckCommon(versionText, allowNonAscii: false, out problem))
        {
            return null;
        }

        return new ArbitraryEqualityPredicate(versionText);
    }

    private static Pep440SpecifierPredicate? Specifier(string op, string versionText, out string? problem)
    {
        var wildcard = versionText.EndsWith(".*", StringComparison.Ordinal);
        if (wildcard && op is not ("==" or "!="))
        {
            problem = $"'{op}' does not take a wildcard";
            return null;
        }

        var bareText = wildcard ? versionText[..^2] : versionText;
        var bound = VersionText.CheckCommon(bareText, allowNonAscii: false, out problem)
            ? Pep440Version.TryParseStrict(bareText, out problem)
            : null;
        if (bound is null)
        {
            problem = $"'{VersionText.Shorten(versionText)}' is not a PEP 440 version: {problem}";
            return null;
        }

        if (bound.Local is not null && op is not ("==" or "!="))
        {
            problem = $"'{op}' does not take a local version label";
            return null;
        }

        if (wildcard && (bound.PreKind is not null || bound.Post is not null || bound.Dev is not null || bound.Local is not null))
        {
            problem = "a wildcard may only follow release numbers";
            return null;
        }

        if (op == "~=" && bound.Release.Length < 2)
        {
            problem = "'~=' needs at least two release numbers";
            return null;
        }

        problem = null;
        return new Pep440SpecifierPredicate(op, bound, wildcard);
    }
}

/// <summary>One PEP 440 specifier, with packaging's exclusions for <c>&lt;</c>, <c>&gt;</c> and local versions.</summary>
internal sealed class Pep440SpecifierPredicate(string op, Pep440Version bound, bool wildcard) : VersionPredicate
{
    public override bool Matches(ParsedVersion version)
    {
        var v = (Pep440Version)version;
        return op switch
        {
            "==" => wildcard ? PrefixMatches(v, bound.Release) : Equal(v),
            "!=" => !(wildcard ? PrefixMatches(v, bound.Release) : Equal(v)),
            "<=" => Pep440Version.Compare(v, bound, ignoreLocal: true) <= 0,
            ">=" => Pep440Version.Compare(v, bound, ignoreLocal: true) >= 0,
            "<" => LessThan(v),
            ">" => GreaterThan(v),
            _ => Compatible(v),
        };
    }

    private bool Equal(Pep440Version v) => Pep440Version.Compare(v, bound, ignoreLocal: bound.Local is null) == 0;

    /// <summary><c>~=1.4.5</c> is <c>&gt;=1.4.5, ==1.4.*</c>.</summary>
    private bool Compatible(Pep440Version v) =>
        Pep440Version.Compare(v, bound, ignoreLocal: true) >= 0 && PrefixMatches(v, bound.Release[..^1]);

    /// <summary><c>&lt;V</c> excludes pre-releases of V itself unless V is a pre-release.</summary>
    private bool LessThan(Pep440Version v) =>
        Pep440Version.Compare(v, bound, ignoreLocal: false) < 0
        && !(!bound.IsPrerelease && v.IsPrerelease && SameBase(v));

    /// <summary><c>&gt;V</c> excludes post-releases and local versions of V itself unless V is a post-release.</summary>
    private bool GreaterThan(Pep440Version v) =>
        Pep440Version.Compare(v, bound, ignoreLocal: false) > 0
        && !(!bound.IsPostrelease && v.IsPostrelease && SameBase(v))
        && !(v.Local is not null && SameBase(v));

    private bool SameBase(Pep440Version v) =>
        v.LegacyKey is null
        && VersionText.CompareDigits(v.Epoch, bound.Epoch) == 0
        && Pep440Version.CompareRelease(v.Release, bound.Release) == 0;

    /// <summary>The epoch matches and the release, padded with zeros, starts with <paramref name="prefix"/>.</summary>
    private bool PrefixMatches(Pep440Version v, string[] prefix)
    {
        if (v.LegacyKey is not null || VersionText.CompareDigits(v.Epoch, bound.Epoch) != 0)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (VersionText.CompareDigits(i < v.Release.Length ? v.Release[i] : "0", prefix[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>===</c>: case-insensitive string equality with the normalized candidate.</summary>
internal sealed class ArbitraryEqualityPredicate(string text) : VersionPredicate
{
    public override bool Matches(ParsedVersion version) =>
        string.Equals(((Pep440Version)version).Normalized, text, StringComparison.OrdinalIgnoreCase);
}
