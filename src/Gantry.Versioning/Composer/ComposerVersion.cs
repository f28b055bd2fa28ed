namespace Gantry.Versioning.Composer;

/// <summary>
/// A Packagist / Composer version ordered like PHP's <c>version_compare</c>: a leading v is dropped, '-', '_' and '+'
/// become '.', a '.' is inserted between digits and non-digits, and parts compare as numbers or as the special forms
/// dev &lt; alpha = a &lt; beta = b &lt; RC = rc &lt; # (a number) &lt; pl = p (anything else sorts first).
/// </summary>
internal sealed class ComposerVersion : ParsedVersion
{
    private static readonly (string Prefix, int Order)[] SpecialForms =
        [("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4), ("pl", 5), ("p", 5)];

    private readonly string[] _parts;

    private ComposerVersion(string original, string[] parts)
        : base(original) => _parts = parts;

    public override VersionScheme Scheme => VersionScheme.Composer;

    public static ComposerVersion? TryParse(string text, out string? problem)
    {
        if (!text.Any(char.IsAsciiLetterOrDigit))
        {
            problem = "it has no digits or letters";
            return null;
        }

        problem = null;
        var s = text[0] is 'v' or 'V' ? text[1..] : text;
        var canonical = new System.Text.StringBuilder(s.Length * 2);
        foreach (var raw in s)
        {
            var c = raw is '-' or '_' or '+' ? '.' : raw;
            if (canonical.Length > 0 && c != '.' && canonical[^1] != '.' && char.IsAsciiDigit(c) != char.IsAsciiDigit(canonical[^1]))
            {
                canonical.Append('.');
            }

            canonical.Append(c);
        }

        return new ComposerVersion(text, canonical.ToString().Split('.'));
    }

    private protected override int CompareSameScheme(ParsedVersion other) => Compare(_parts, ((ComposerVersion)other)._parts);

    private static int Compare(ReadOnlySpan<string> a, ReadOnlySpan<string> b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = ComparePart(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        if (a.Length == b.Length)
        {
            return 0;
        }

        // A longer version wins if its next part is a number; otherwise its rest is weighed against "#".
        return a.Length > b.Length
            ? IsNumber(a[b.Length]) ? 1 : Compare(a[b.Length..], ["#"])
            : IsNumber(b[a.Length]) ? -1 : Compare(["#"], b[a.Length..]);
    }

    private static int ComparePart(string a, string b) => (IsNumber(a), IsNumber(b)) switch
    {
        (true, true) => VersionText.CompareDigits(a, b),
        (true, false) => Order("#").CompareTo(Order(b)),
        (false, true) => Order(a).CompareTo(Order("#")),
        _ => Order(a).CompareTo(Order(b)),
    };

    private static bool IsNumber(string part) => VersionText.IsAllDigits(part);

    private static int Order(string form)
    {
        foreach (var (prefix, order) in SpecialForms)
        {
            if (form.StartsWith(prefix, StringComparison.Ordinal))
            {
                return order;
            }
        }

        return -6;
    }
}
