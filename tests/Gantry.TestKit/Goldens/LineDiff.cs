using System.Globalization;
using System.Text;

namespace Gantry.TestKit.Goldens;

/// <summary>
/// A readable line diff for test failures: <c>-</c> expected, <c>+</c> actual, each change after a <c>@@ line N</c>
/// marker, from a longest common subsequence of the lines (outputs compared here are a few thousand lines at most).
/// </summary>
public static class LineDiff
{
    public static string Format(string expected, string actual, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var common = CommonSuffixLengths(a, b);
        var output = new StringBuilder();
        var written = 0;
        int i = 0, j = 0;
        var inChange = false;
        while ((i < a.Length || j < b.Length) && written < maxLines)
        {
            if (i < a.Length && j < b.Length && a[i] == b[j])
            {
                (i, j, inChange) = (i + 1, j + 1, false);
                continue;
            }

            if (!inChange)
            {
                output.Append(CultureInfo.InvariantCulture, $"@@ line {i + 1}\n");
                inChange = true;
            }

            if (j >= b.Length || (i < a.Length && common[i + 1, j] >= common[i, j + 1]))
            {
                output.Append("- ").Append(a[i++]).Append('\n');
            }
            else
            {
                output.Append("+ ").Append(b[j++]).Append('\n');
            }

            written++;
        }

        if (written == maxLines)
        {
            output.Append(CultureInfo.InvariantCulture, $"… (diff cut at {maxLines} lines)\n");
        }

        return output.ToString();
    }

    /// <summary><c>[i, j]</c> = length of the longest common subsequence of <c>a[i..]</c> and <c>b[j..]</c>.</summary>
    private static int[,] CommonSuffixLengths(string[] a, string[] b)
    {
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        return lengths;
    }
}
