using System.Globalization;

namespace Gantry.Versioning;

/// <summary>Checks shared by every scheme and the digit-string arithmetic that keeps comparisons overflow-free.</summary>
internal static class VersionText
{
    /// <summary>No real version is this long; longer input is rejected before any scheme looks at it.</summary>
    public const int MaxLength = 256;

    /// <summary>Rejects null, empty, over-long, whitespace, control and (unless allowed) non-ASCII input.</summary>
    public static bool CheckCommon(string? text, bool allowNonAscii, out string? problem)
    {
        if (string.IsNullOrEmpty(text))
        {
            problem = "it is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            problem = $"it is {text.Length} characters long (at most {MaxLength})";
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                problem = "it contains whitespace or a control character";
                return false;
            }

            if (!char.IsAscii(c) && (!allowNonAscii || char.IsDigit(c)))
            {
                problem = $"it contains the non-ASCII character '{c}' (U+{(int)c:X4})";
                return false;
            }
        }

        problem = null;
        return true;
    }

    /// <summary>The message of a parse failure: the scheme, the (shortened) string and the problem.</summary>
    public static string Error(VersionScheme scheme, string? text, string problem) =>
        string.Create(CultureInfo.InvariantCulture, $"'{Shorten(text)}' is not a valid {scheme} version: {problem}");

    public static string ConstraintError(VersionScheme scheme, string? text, string problem) =>
        string.Create(CultureInfo.InvariantCulture, $"'{Shorten(text)}' is not a valid {scheme} constraint: {problem}");

    public static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    /// <summary>Compares two runs of ASCII digits by value, whatever their length.</summary>
    public static int CompareDigits(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length)
        {
            return a.Length < b.Length ? -1 : 1;
        }

        return Math.Sign(a.SequenceCompareTo(b));
    }

    public static bool IsAllDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    public static bool IsZero(ReadOnlySpan<char> digits) => !digits.ContainsAnyExcept('0');

    /// <summary>Adds one to a run of ASCII digits (used to compute exclusive upper bounds such as <c>&lt;1.3</c> for <c>~&gt; 1.2</c>).</summary>
    public static string Increment(ReadOnlySpan<char> digits)
    {
        var chars = digits.TrimStart('0').ToArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (chars[i] != '9')
            {
                chars[i]++;
                return new string(chars);
            }

            chars[i] = '0';
        }

        return "1" + new string(chars);
    }
}
