namespace Gantry.Versioning.Debian;

/// <summary>dpkg's <c>verrevcmp</c>: non-digit runs by a modified ASCII order ('~' first, letters before other symbols), digit runs by value.</summary>
internal static class DebianVersionComparer
{
    public static int CompareFragments(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = Order(At(a, i));
                var bc = Order(At(b, j));
                if (ac != bc)
                {
                    return ac < bc ? -1 : 1;
                }

                i++;
                j++;
            }

            var aStart = i;
            var bStart = j;
            while (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                i++;
            }

            while (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                j++;
            }

            var c = VersionText.CompareDigits(a.AsSpan(aStart, i - aStart), b.AsSpan(bStart, j - bStart));
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int Order(char c) => c switch
    {
        '\0' => 0,
        '~' => -1,
        _ when char.IsAsciiDigit(c) => 0,
        _ when char.IsAsciiLetter(c) => c,
        _ => c + 256,
    };
}
