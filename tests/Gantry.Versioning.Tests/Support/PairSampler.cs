namespace Gantry.Versioning.Tests.Support;

/// <summary>Builds the version pairs of a differential test: neighbours in sorted order (near misses) plus random pairs.</summary>
internal static class PairSampler
{
    public static List<(string A, string B)> Pairs(IEnumerable<string> versions, int randomPairs, int seed = 6)
    {
        var distinct = versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var pairs = new List<(string, string)>();
        for (var i = 0; i + 1 < distinct.Count; i++)
        {
            pairs.Add((distinct[i], distinct[i + 1]));
        }

        var random = new Random(seed);
        for (var i = 0; i < randomPairs && distinct.Count > 1; i++)
        {
            pairs.Add((distinct[random.Next(distinct.Count)], distinct[random.Next(distinct.Count)]));
        }

        return pairs;
    }

    /// <summary>Each version with each suffix appended and with its last number bumped, for near-miss comparisons.</summary>
    public static IEnumerable<string> Variations(IEnumerable<string> versions, params string[] suffixes)
    {
        foreach (var v in versions)
        {
            yield return v;
            foreach (var suffix in suffixes)
            {
                yield return v + suffix;
            }

            var end = v.Length;
            while (end > 0 && !char.IsAsciiDigit(v[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && char.IsAsciiDigit(v[start - 1]))
            {
                start--;
            }

            if (end > start && end - start < 9)
            {
                yield return string.Concat(v.AsSpan(0, start), (long.Parse(v[start..end], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), v.AsSpan(end));
            }
        }
    }

    /// <summary>Deterministically picks at most <paramref name="count"/> distinct versions.</summary>
    public static List<string> Sample(IEnumerable<string> versions, int count, int seed = 6)
    {
        var distinct = versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        return distinct.Count <= count ? distinct : distinct.OrderBy(_ => random.Next()).Take(count).ToList();
    }
}
