using System.Globalization;

namespace Gantry.Policy.Evaluation;

/// <summary>
/// A scheme-agnostic fallback: compares dot/dash/plus-separated segments, numerically when both are
/// numbers, else ordinally. The engine supplies exact comparers per package type.
/// </summary>
public static class SimpleVersionComparer
{
    private static readonly char[] Separators = ['.', '-', '+', '~', ':', '_'];

    public static int Compare(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var a = left.Split(Separators);
        var b = right.Split(Separators);
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "0";
            var y = i < b.Length ? b[i] : "0";
            var bothNumeric = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var nx)
                & long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var ny);
            var result = bothNumeric ? nx.CompareTo(ny) : string.CompareOrdinal(x, y);
            if (result != 0)
            {
                return Math.Sign(result);
            }
        }

        return 0;
    }
}
