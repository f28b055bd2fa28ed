namespace Gantry.Versioning.Apk;

/// <summary>
/// An Alpine package version <c>number{.number}[letter]{_suffix[number]}[~hash][-r#]</c> (apk-package(5)).
/// Text left over after those parts makes the version "irregular": it still parses (secdb holds such versions), sorts
/// below the same version without the leftover, and two irregular versions compare as plain strings.
/// </summary>
internal sealed class ApkVersion : ParsedVersion
{
    /// <summary>Suffixes in ascending order; the empty name marks "no suffix".</summary>
    private static readonly string[] SuffixOrder = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];

    /// <summary>The order in which the suffix alternatives are tried when scanning ("pre" before "p").</summary>
    private static readonly string[] SuffixScanOrder = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"];

    private static readonly int NoSuffixWeight = Array.IndexOf(SuffixOrder, "");

    private readonly List<string> _numbers;
    private readonly List<(int Weight, string Number)> _suffixes;

    private ApkVersion(string original, List<string> numbers, char letter, List<(int, string)> suffixes, string build, string remainder, bool irregular)
        : base(original)
    {
        _numbers = numbers;
        Letter = letter;
        _suffixes = suffixes;
        Build = build;
        Remainder = remainder;
        IsIrregular = irregular;
    }

    public override VersionScheme Scheme => VersionScheme.Apk;

    public char Letter { get; }

    public string Build { get; }

    public string Remainder { get; }

    public bool IsIrregular { get; }

    public static ApkVersion? TryParse(string text, out string? problem)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9') && !text.Any(char.IsAsciiLetter))
        {
            problem = "it has no digits or letters";
            return null;
        }

        problem = null;
        var p = 0;
        var numbers = new List<string>();
        while (p < text.Length && char.IsAsciiDigit(text[p]))
        {
            var start = p;
            while (p < text.Length && char.IsAsciiDigit(text[p]))
            {
                p++;
            }

            numbers.Add(text[start..p]);
            if (p < text.Length && text[p] == '.')
            {
                p++;
                if (p == text.Length || !char.IsAsciiDigit(text[p]))
                {
                    numbers.Add("");
                }
            }
        }

        var letter = '\0';
        if (p < text.Length && char.IsAsciiLetterLower(text[p]))
        {
            letter = text[p++];
        }

        var suffixes = new List<(int, string)>();
        var scanFrom = p;
        while (FindSuffix(text, scanFrom) is var (at, name, length))
        {
            var number = text.AsSpan(at + 1 + name.Length, length - 1 - name.Length);
            suffixes.Add((Array.IndexOf(SuffixOrder, name), number.IsEmpty ? "0" : number.ToString()));
            if (at == p)
            {
                p += length;
            }

            scanFrom = at + length;
        }

        if (p < text.Length && text[p] == '~')
        {
            var end = p + 1;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is >= 'a' and <= 'f'))
            {
                end++;
            }

            if (end > p + 1)
            {
                p = end;
            }
        }

        var build = "0";
        var irregular = false;
        if (p < text.Length)
        {
            if (text.AsSpan(p).StartsWith("-r", StringComparison.Ordinal))
            {
                var start = p + 2;
                p = start;
                while (p < text.Length && char.IsAsciiDigit(text[p]))
                {
                    p++;
                }

                build = p > start ? text[start..p] : "0";
            }
            else
            {
                irregular = true;
            }
        }

        return new ApkVersion(text, numbers, letter, suffixes, build, text[p..], irregular);
    }

    /// <summary>The next <c>_name[digits]</c> at or after <paramref name="from"/>: its position, name and total length.</summary>
    private static (int At, string Name, int Length)? FindSuffix(string text, int from)
    {
        for (var at = text.IndexOf('_', from); at >= 0; at = text.IndexOf('_', at + 1))
        {
            foreach (var name in SuffixScanOrder)
            {
                if (string.CompareOrdinal(text, at + 1, name, 0, name.Length) == 0 && text.Length >= at + 1 + name.Length)
                {
                    var end = at + 1 + name.Length;
                    while (end < text.Length && char.IsAsciiDigit(text[end]))
                    {
                        end++;
                    }

                    return (at, name, end - at);
                }
            }
        }

        return null;
    }

    private protected override int CompareSameScheme(ParsedVersion other)
    {
        var that = (ApkVersion)other;
        if (IsIrregular && that.IsIrregular)
        {
            return string.CompareOrdinal(Original, that.Original);
        }

        var c = CompareNumbers(that);
        if (c != 0)
        {
            return c;
        }

        if (Letter != that.Letter)
        {
            return Letter.CompareTo(that.Letter);
        }

        for (var i = 0; i < Math.Max(_suffixes.Count, that._suffixes.Count); i++)
        {
            var (weight, number) = i < _suffixes.Count ? _suffixes[i] : (NoSuffixWeight, "0");
            var (thatWeight, thatNumber) = i < that._suffixes.Count ? that._suffixes[i] : (NoSuffixWeight, "0");
            c = weight != thatWeight ? weight.CompareTo(thatWeight) : VersionText.CompareDigits(number, thatNumber);
            if (c != 0)
            {
                return c;
            }
        }

        c = VersionText.CompareDigits(Build, that.Build);
        if (c != 0)
        {
            return c;
        }

        // Leftover text makes a version older than the same version without it.
        return (Remainder.Length == 0) == (that.Remainder.Length == 0) ? 0 : Remainder.Length == 0 ? 1 : -1;
    }

    private int CompareNumbers(ApkVersion that)
    {
        for (var i = 0; i < Math.Max(_numbers.Count, that._numbers.Count); i++)
        {
            var a = i < _numbers.Count ? _numbers[i] : "0";
            var b = i < that._numbers.Count ? that._numbers[i] : "0";

            // After the first component a leading zero makes the component a fraction: compare as text ("1.02" < "1.1").
            var c = i > 0 && (a.StartsWith('0') || b.StartsWith('0'))
                ? Math.Sign(string.CompareOrdinal(a, b))
                : VersionText.CompareDigits(a, b);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
