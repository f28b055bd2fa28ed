namespace Gantry.Versioning.Rpm;

/// <summary>rpm's <c>rpmvercmp</c> (rpmio/rpmvercmp.c, rpm 4.15+ with the caret separator).</summary>
internal static class RpmVersionComparer
{
    public static int Compare(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && IsSeparator(a[i]))
            {
                i++;
            }

            while (j < b.Length && IsSeparator(b[j]))
            {
                j++;
            }

            // '~' sorts before everything, even the end of the string.
            if (At(a, i) == '~' || At(b, j) == '~')
            {
                if (At(a, i) != '~')
                {
                    return 1;
                }

                if (At(b, j) != '~')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            // '^' sorts after the end of the string but before anything else.
            if (At(a, i) == '^' || At(b, j) == '^')
            {
                if (i == a.Length)
                {
                    return -1;
                }

                if (j == b.Length)
                {
                    return 1;
                }

                if (At(a, i) != '^')
                {
                    return 1;
                }

                if (At(b, j) != '^')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (i == a.Length || j == b.Length)
            {
                break;
            }

            var numeric = char.IsAsciiDigit(a[i]);
            var aStart = i;
            var bStart = j;
            while (i < a.Length && (numeric ? char.IsAsciiDigit(a[i]) : char.IsAsciiLetter(a[i])))
            {
                i++;
            }

            while (j < b.Length && (numeric ? char.IsAsciiDigit(b[j]) : char.IsAsciiLetter(b[j])))
            {
                j++;
            }

            // A numeric segment is newer than an alphabetic one.
            if (j == bStart)
            {
                return numeric ? 1 : -1;
            }

            var aSegment = a.AsSpan(aStart, i - aStart);
            var bSegment = b.AsSpan(bStart, j - bStart);
            var c = numeric ? VersionText.CompareDigits(aSegment, bSegment) : Math.Sign(aSegment.SequenceCompareTo(bSegment));
            if (c != 0)
            {
                return c;
            }
        }

        if (i == a.Length && j == b.Length)
        {
            return 0;
        }

        return i == a.Length ? -1 : 1;
    }

    private static bool IsSeparator(char c) => !char.IsAsciiLetterOrDigit(c) && c is not ('~' or '^');

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
}
