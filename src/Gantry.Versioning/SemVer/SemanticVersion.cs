namespace Gantry.Versioning.SemVer;

/// <summary>
/// A SemVer 2.0 version, also used for Go modules. Parsing is lenient where real feeds are (a <c>v</c> prefix, missing
/// minor or patch, numbers of any size, components after the third treated as build metadata) and strict where
/// <paramref name="strict"/> asks (Go: no leading zeros, shorthand only without prerelease).
/// </summary>
internal sealed class SemanticVersion : ParsedVersion
{
    private readonly VersionScheme _scheme;

    private SemanticVersion(string original, VersionScheme scheme, string major, string minor, string patch, string[] prerelease)
        : base(original)
    {
        _scheme = scheme;
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
    }

    public override VersionScheme Scheme => _scheme;

    public string Major { get; }

    public string Minor { get; }

    public string Patch { get; }

    public string[] Prerelease { get; }

    public static SemanticVersion? TryParse(string text, VersionScheme scheme, bool strict, out string? problem)
    {
        var s = text.AsSpan();
        if (s[0] is 'v' or 'V')
        {
            s = s[1..];
        }

        var numbers = new string[] { "0", "0", "0" };
        var count = 0;
        var p = 0;
        while (count < 3)
        {
            var start = p;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                p++;
            }

            if (p == start)
            {
                problem = count == 0 ? "it does not start with a number" : $"component {count + 1} is not a number";
                return null;
            }

            if (strict && p - start > 1 && s[start] == '0')
            {
                problem = $"component {count + 1} has a leading zero";
                return null;
            }

            numbers[count++] = s[start..p].ToString();
            if (p < s.Length && s[p] == '.')
            {
                p++;
                if (count == 3)
                {
                    if (strict)
                    {
                        problem = "it has more than three components";
                        return null;
                    }

                    // Components after the third are build metadata for feeds that write 1.2.3.4.
                    p = s.Length;
                }

                continue;
            }

            break;
        }

        string[] prerelease = [];
        if (p < s.Length && s[p] == '-')
        {
            var end = s[(p + 1)..].IndexOf('+');
            var preText = end < 0 ? s[(p + 1)..] : s.Slice(p + 1, end);
            prerelease = preText.ToString().Split('.');
            foreach (var id in prerelease)
            {
                if (id.Length == 0 || id.AsSpan().ContainsAnyExcept(IdentifierChars))
                {
                    problem = $"the prerelease identifier '{id}' is empty or has characters other than [0-9A-Za-z-]";
                    return null;
                }

                if (strict && id.Length > 1 && id[0] == '0' && VersionText.IsAllDigits(id))
                {
                    problem = $"the prerelease identifier '{id}' has a leading zero";
                    return null;
                }
            }

            p += 1 + preText.Length;
        }

        if (p < s.Length && s[p] == '+')
        {
            var build = s[(p + 1)..];
            foreach (var id in build.ToString().Split('.'))
            {
                if (id.Length == 0 || id.AsSpan().ContainsAnyExcept(IdentifierChars))
                {
                    problem = $"the build identifier '{id}' is empty or has characters other than [0-9A-Za-z-]";
                    return null;
                }
            }

            p = s.Length;
        }

        if (p < s.Length)
        {
            problem = $"unexpected '{s[p]}' after '{s[..p]}'";
            return null;
        }

        if (strict && count < 3 && (prerelease.Length > 0 || s.Contains('+')))
        {
            problem = "a shorthand version cannot have a prerelease or build";
            return null;
        }

        problem = null;
        return new SemanticVersion(text, scheme, numbers[0], numbers[1], numbers[2], prerelease);
    }

    private static readonly System.Buffers.SearchValues<char> IdentifierChars =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");

    /// <summary>Orders by major, minor, patch, then prerelease per SemVer 2.0 §11; build metadata is ignored.</summary>
    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var that = (SemanticVersion)other;
        var c = CompareRelease(that);
        return c != 0 ? c : ComparePrerelease(Prerelease, that.Prerelease);
    }

    public int CompareRelease(SemanticVersion that)
    {
        var c = VersionText.CompareDigits(Major, that.Major);
        if (c == 0)
        {
            c = VersionText.CompareDigits(Minor, that.Minor);
        }

        return c != 0 ? c : VersionText.CompareDigits(Patch, that.Patch);
    }

    public static int ComparePrerelease(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return b.Length.CompareTo(a.Length);
        }

        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = VersionText.IsAllDigits(a[i]);
            var bNumeric = VersionText.IsAllDigits(b[i]);
            var c = aNumeric && bNumeric ? VersionText.CompareDigits(a[i], b[i])
                : aNumeric ? -1
                : bNumeric ? 1
                : Math.Sign(string.CompareOrdinal(a[i], b[i]));
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
