namespace Gantry.Versioning.RubyGems;

/// <summary>
/// A <c>Gem::Version</c>: digits, then dot-separated alphanumeric parts, then an optional <c>-pre.release</c>
/// (read as <c>.pre.pre.release</c>). Segments are runs of digits or letters; any letter makes it a pre-release.
/// </summary>
internal sealed class GemVersion : ParsedVersion
{
    private GemVersion(string original, string normalized, List<string> segments)
        : base(original)
    {
        Normalized = normalized;
        Segments = segments;
        Canonical = CanonicalOf(segments);
    }

    public override VersionScheme Scheme => VersionScheme.RubyGems;

    /// <summary>The version with '-' replaced by ".pre." as Gem::Version stores it.</summary>
    public string Normalized { get; }

    public List<string> Segments { get; }

    private List<string> Canonical { get; }

    public bool IsPrerelease => Normalized.Any(char.IsAsciiLetter);

    public static GemVersion? TryParse(string text, out string? problem)
    {
        var p = 0;
        while (p < text.Length && char.IsAsciiDigit(text[p]))
        {
            p++;
        }

        if (p == 0)
        {
            problem = "it does not start with a digit";
            return null;
        }

        while (p < text.Length && text[p] == '.')
        {
            var start = ++p;
            while (p < text.Length && char.IsAsciiLetterOrDigit(text[p]))
            {
                p++;
            }

            if (p == start)
            {
                problem = "it has an empty part after '.'";
                return null;
            }
        }

        if (p < text.Length && text[p] == '-')
        {
            foreach (var part in text[(p + 1)..].Split('.'))
            {
                if (part.Length == 0 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    problem = "the pre-release after '-' is not dot-separated [0-9A-Za-z-] parts";
                    return null;
                }
            }

            p = text.Length;
        }

        if (p < text.Length)
        {
            problem = $"unexpected '{text[p]}' at offset {p}";
            return null;
        }

        problem = null;
        var normalized = text.Replace("-", ".pre.", StringComparison.Ordinal);
        return new GemVersion(text, normalized, SegmentsOf(normalized));
    }

    public static GemVersion FromSegments(IEnumerable<string> segments)
    {
        var text = string.Join('.', segments);
        return new GemVersion(text, text, SegmentsOf(text));
    }

    /// <summary><c>scan(/[0-9]+|[a-z]+/i)</c>.</summary>
    private static List<string> SegmentsOf(string s)
    {
        var segments = new List<string>();
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

                segments.Add(s[start..p]);
            }
            else if (char.IsAsciiLetter(s[p]))
            {
                while (p < s.Length && char.IsAsciiLetter(s[p]))
                {
                    p++;
                }

                segments.Add(s[start..p]);
            }
            else
            {
                p++;
            }
        }

        return segments;
    }

    /// <summary>Trailing zeros dropped from the numeric part and from the pre-release part separately.</summary>
    private static List<string> CanonicalOf(List<string> segments)
    {
        var firstString = segments.FindIndex(s => !IsNumber(s));
        var numeric = firstString < 0 ? segments : segments[..firstString];
        var rest = firstString < 0 ? [] : segments[firstString..];
        return [.. DropTrailingZeros(numeric), .. DropTrailingZeros(rest)];
    }

    private static IEnumerable<string> DropTrailingZeros(List<string> segments)
    {
        var end = segments.Count;
        while (end > 0 && IsNumber(segments[end - 1]) && VersionText.IsZero(segments[end - 1]))
        {
            end--;
        }

        return segments.Take(end);
    }

    public static bool IsNumber(string segment) => char.IsAsciiDigit(segment[0]);

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var that = (GemVersion)other;
        if (Normalized == that.Normalized)
        {
            return 0;
        }

        for (var i = 0; i < Math.Max(Canonical.Count, that.Canonical.Count); i++)
        {
            var a = i < Canonical.Count ? Canonical[i] : "0";
            var b = i < that.Canonical.Count ? that.Canonical[i] : "0";
            var c = IsNumber(a) && IsNumber(b) ? VersionText.CompareDigits(a, b)
                : IsNumber(a) ? 1
                : IsNumber(b) ? -1
                : Math.Sign(string.CompareOrdinal(a, b));
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
