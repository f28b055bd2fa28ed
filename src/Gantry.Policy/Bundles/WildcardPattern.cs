using System.Text.RegularExpressions;

namespace Gantry.Policy.Bundles;

/// <summary>
/// Anchore's pattern matching for registries, repositories, tags and allowlist trigger ids
/// (<c>anchore_engine/util/matcher.py</c>): <c>*</c> matches anything, the pattern is anchored, and a
/// <c>regexp:</c> prefix gives a raw regular expression.
/// </summary>
public static class WildcardPattern
{
    private const string RegexPrefix = "regexp:";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static bool IsMatch(string pattern, string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (pattern == value || pattern == "*")
        {
            return true;
        }

        var regex = ToRegex(pattern);
        return regex is not null && regex.IsMatch(value);
    }

    /// <summary>The compiled pattern, or null when a <c>regexp:</c> pattern does not compile.</summary>
    public static Regex? ToRegex(string pattern)
    {
        var source = pattern.StartsWith(RegexPrefix, StringComparison.Ordinal)
            ? pattern[RegexPrefix.Length..]
            : "^" + string.Join("(.*)", pattern.Split('*').Select(Regex.Escape)) + "$";
        try
        {
            return new Regex(source, RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A message saying why a <c>regexp:</c> pattern is invalid, or null when it is fine.</summary>
    public static string? Validate(string pattern) =>
        pattern.StartsWith(RegexPrefix, StringComparison.Ordinal) && ToRegex(pattern) is null
            ? $"'{pattern}' is not a valid regular expression"
            : null;
}
