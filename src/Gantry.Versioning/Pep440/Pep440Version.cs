using System.Text;

namespace Gantry.Versioning.Pep440;

/// <summary>
/// A Python package version. Valid PEP 440 versions are parsed by hand (no backtracking regex); anything else that still
/// looks like a version becomes a legacy version ordered as setuptools / packaging &lt; 22 did (below every PEP 440
/// version), because old PyPI releases and advisories still use such strings.
/// </summary>
internal sealed class Pep440Version : ParsedVersion
{
    private static readonly string[] PreKeywords = ["alpha", "a", "beta", "b", "preview", "pre", "rc", "c"];
    private static readonly string[] PostKeywords = ["post", "rev", "r"];

    private Pep440Version(string original)
        : base(original)
    {
    }

    public override VersionScheme Scheme => VersionScheme.Pep440;

    public string Epoch { get; private init; } = "0";

    public string[] Release { get; private init; } = [];

    /// <summary>0 = a, 1 = b, 2 = rc; null when not a pre-release.</summary>
    public int? PreKind { get; private init; }

    public string PreNumber { get; private init; } = "0";

    public string? Post { get; private init; }

    public string? Dev { get; private init; }

    public string[]? Local { get; private init; }

    /// <summary>Set for versions that are not PEP 440: the setuptools legacy sort key.</summary>
    public string[]? LegacyKey { get; private init; }

    public bool IsPrerelease => PreKind is not null || Dev is not null;

    public bool IsPostrelease => Post is not null;

    public static Pep440Version? TryParse(string text, out string? problem)
    {
        var valid = TryParseStrict(text, out problem);
        if (valid is not null)
        {
            return valid;
        }

        if (!text.Any(char.IsAsciiLetterOrDigit))
        {
            problem = "it has no digits or letters";
            return null;
        }

        return new Pep440Version(text) { LegacyKey = LegacyKeyOf(text) };
    }

    /// <summary>Parses a PEP 440 version, never falling back to the legacy ordering.</summary>
    public static Pep440Version? TryParseStrict(string text, out string? problem)
    {
        var s = text.ToLowerInvariant();
        var p = 0;
        if (p < s.Length && s[p] == 'v')
        {
            p++;
        }

        var first = ReadDigits(s, ref p);
        if (first is null)
        {
            problem = "it does not start with a number";
            return null;
        }

        var epoch = "0";
        if (p < s.Length && s[p] == '!')
        {
            p++;
            epoch = first;
            first = ReadDigits(s, ref p);
            if (first is null)
            {
                problem = "no release number follows the epoch";
                return null;
            }
        }

        var release = new List<string> { first };
        while (p + 1 < s.Length && s[p] == '.' && char.IsAsciiDigit(s[p + 1]))
        {
            p++;
            release.Add(ReadDigits(s, ref p)!);
        }

        int? preKind = null;
        var preNumber = "0";
        var keyword = ReadKeyword(s, ref p, PreKeywords);
        if (keyword is not null)
        {
            preKind = keyword switch { "alpha" or "a" => 0, "beta" or "b" => 1, _ => 2 };
            preNumber = ReadNumberAfterSeparator(s, ref p);
        }

        string? post = null;
        if (p + 1 < s.Length && s[p] == '-' && char.IsAsciiDigit(s[p + 1]))
        {
            p++;
            post = ReadDigits(s, ref p);
        }
        else if (ReadKeyword(s, ref p, PostKeywords) is not null)
        {
            post = ReadNumberAfterSeparator(s, ref p);
        }

        string? dev = null;
        if (ReadKeyword(s, ref p, ["dev"]) is not null)
        {
            dev = ReadNumberAfterSeparator(s, ref p);
        }

        string[]? local = null;
        if (p < s.Length && s[p] == '+')
        {
            local = s[(p + 1)..].Split('-', '_', '.');
            if (local.Any(l => l.Length == 0 || !l.All(char.IsAsciiLetterOrDigit)))
            {
                problem = "the local version label is not alphanumeric segments separated by '.', '-' or '_'";
                return null;
            }

            p = s.Length;
        }

        if (p < s.Length)
        {
            problem = $"unexpected text '{VersionText.Shorten(s[p..])}'";
            return null;
        }

        problem = null;
        return new Pep440Version(text)
        {
            Epoch = epoch,
            Release = [.. release],
            PreKind = preKind,
            PreNumber = preNumber,
            Post = post,
            Dev = dev,
            Local = local,
        };
    }

    /// <summary>The normalized form (what <c>str(Version(...))</c> prints in packaging).</summary>
    public string Normalized
    {
        get
        {
            if (LegacyKey is not null)
            {
                return Original;
            }

            var sb = new StringBuilder();
            if (!VersionText.IsZero(Epoch))
            {
                sb.Append(Trim(Epoch)).Append('!');
            }

            sb.AppendJoin('.', Release.Select(Trim));
            if (PreKind is { } kind)
            {
                sb.Append(kind switch { 0 => "a", 1 => "b", _ => "rc" }).Append(Trim(PreNumber));
            }

            if (Post is not null)
            {
                sb.Append(".post").Append(Trim(Post));
            }

            if (Dev is not null)
            {
                sb.Append(".dev").Append(Trim(Dev));
            }

            if (Local is not null)
            {
                sb.Append('+').AppendJoin('.', Local);
            }

            return sb.ToString();
        }
    }

    private static string Trim(string digits) => VersionText.IsZero(digits) ? "0" : digits.TrimStart('0');

    private static string? ReadDigits(string s, ref int p)
    {
        var start = p;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        return p > start ? s[start..p] : null;
    }

    /// <summary>Reads <c>[-_.]?keyword</c>; leaves <paramref name="p"/> unchanged when no keyword follows.</summary>
    private static string? ReadKeyword(string s, ref int p, string[] keywords)
    {
        var at = p < s.Length && s[p] is '-' or '_' or '.' ? p + 1 : p;
        foreach (var keyword in keywords)
        {
            if (string.CompareOrdinal(s, at, keyword, 0, keyword.Length) == 0 && at + keyword.Length <= s.Length)
            {
                p = at + keyword.Length;
                return keyword;
            }
        }

        return null;
    }

    /// <summary>Reads <c>[-_.]?digits</c> after a keyword; a missing number is 0.</summary>
    private static string ReadNumberAfterSeparator(string s, ref int p)
    {
        var at = p < s.Length && s[p] is '-' or '_' or '.' ? p + 1 : p;
        var digits = ReadDigits(s, ref at);
        if (digits is null)
        {
            return "0";
        }

        p = at;
        return digits;
    }

    /// <summary>setuptools' <c>_legacy_cmpkey</c>: zero-padded numbers, '*'-prefixed words, trailing zeros dropped.</summary>
    private static string[] LegacyKeyOf(string text)
    {
        var parts = new List<string>();
        foreach (var raw in LegacyParts(text.ToLowerInvariant()))
        {
            var part = raw switch { "pre" or "preview" or "rc" => "c", "-" => "final-", "dev" => "@", _ => raw };
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            part = char.IsAsciiDigit(part[0]) ? part.PadLeft(8, '0') : "*" + part;
            if (part[0] == '*')
            {
                if (string.CompareOrdinal(part, "*final") < 0)
                {
                    while (parts.Count > 0 && parts[^1] == "*final-")
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }

                while (parts.Count > 0 && parts[^1] == "00000000")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }

            parts.Add(part);
        }

        while (parts.Count > 0 && parts[^1] == "00000000")
        {
            parts.RemoveAt(parts.Count - 1);
        }

        parts.Add("*final");
        return [.. parts];
    }

    /// <summary>Splits like <c>re.split(r"(\d+|[a-z]+|\.|-)")</c>: the matched tokens and the text between them.</summary>
    private static IEnumerable<string> LegacyParts(string s)
    {
        var p = 0;
        while (p < s.Length)
        {
            var start = p;
            if (char.IsAsciiDigit(s[p]))
            {
                while (p < s.Length && char.IsAsciiDigit(s[p]))
                {
                    p++;
                }
            }
            else if (char.IsAsciiLetterLower(s[p]))
            {
                while (p < s.Length && char.IsAsciiLetterLower(s[p]))
                {
                    p++;
                }
            }
            else if (s[p] is '.' or '-')
            {
                p++;
            }
            else
            {
                while (p < s.Length && !char.IsAsciiDigit(s[p]) && !char.IsAsciiLetterLower(s[p]) && s[p] is not ('.' or '-'))
                {
                    p++;
                }
            }

            yield return s[start..p];
        }
    }

    private protected override int CompareSameScheme(ParsedVersion other) => Compare(this, (Pep440Version)other, ignoreLocal: false);

    /// <summary>PEP 440 ordering; legacy versions sort below all others. <paramref name="ignoreLocal"/> compares public versions.</summary>
    public static int Compare(Pep440Version a, Pep440Version b, bool ignoreLocal)
    {
        if (a.LegacyKey is not null || b.LegacyKey is not null)
        {
            return a.LegacyKey is null ? 1 : b.LegacyKey is null ? -1 : CompareStrings(a.LegacyKey, b.LegacyKey);
        }

        var c = VersionText.CompareDigits(a.Epoch, b.Epoch);
        if (c == 0)
        {
            c = CompareRelease(a.Release, b.Release);
        }

        if (c == 0)
        {
            c = PreRank(a).CompareTo(PreRank(b));
            if (c == 0 && a.PreKind is not null)
            {
                c = VersionText.CompareDigits(a.PreNumber, b.PreNumber);
            }
        }

        if (c == 0)
        {
            c = CompareOptional(a.Post, b.Post, missingIsLow: true);
        }

        if (c == 0)
        {
            c = CompareOptional(a.Dev, b.Dev, missingIsLow: false);
        }

        if (c == 0 && !ignoreLocal)
        {
            c = CompareLocal(a.Local, b.Local);
        }

        return c;
    }

    public static int CompareRelease(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var c = VersionText.CompareDigits(i < a.Length ? a[i] : "0", i < b.Length ? b[i] : "0");
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>A dev release of a final version sorts before its pre-releases; a final version after them.</summary>
    private static int PreRank(Pep440Version v) =>
        v.PreKind ?? (v.Post is null && v.Dev is not null ? -1 : 3);

    private static int CompareOptional(string? a, string? b, bool missingIsLow)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : (a is null) == missingIsLow ? -1 : 1;
        }

        return VersionText.CompareDigits(a, b);
    }

    private static int CompareLocal(string[]? a, string[]? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : a is null ? -1 : 1;
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = VersionText.IsAllDigits(a[i]);
            var bNumeric = VersionText.IsAllDigits(b[i]);
            var c = aNumeric && bNumeric ? VersionText.CompareDigits(a[i], b[i])
                : aNumeric ? 1
                : bNumeric ? -1
                : Math.Sign(string.CompareOrdinal(a[i], b[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CompareStrings(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = Math.Sign(string.CompareOrdinal(a[i], b[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
