using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.Policy.Gates;

/// <summary>How a parameter's string value is parsed and checked (Anchore's parameter classes in <c>params.py</c>).</summary>
public enum ParameterKind
{
    String,
    Regex,
    Enum,
    Boolean,
    Integer,
    Float,
    CommaList,
    CommaNumberList,
    /// <summary>A file mode in octal, such as <c>00644</c>.</summary>
    Octal,

    /// <summary>A size such as <c>10</c>, <c>512kb</c> or <c>2gb</c> (Anchore's BYTES_REGEX).</summary>
    Bytes,
}

/// <summary>One parameter of a trigger: name, documentation, whether it is required, and how its value is checked.</summary>
public sealed record TriggerParameter(string Name, string Description, ParameterKind Kind = ParameterKind.String)
{
    private static readonly Regex BytesRegex = new("^([0-9]+)([kmgt]b)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public bool Required { get; init; }

    public string? Example { get; init; }

    /// <summary>The value used when the rule does not give one, as documentation says it.</summary>
    public string? Default { get; init; }

    /// <summary>The accepted values of an <see cref="ParameterKind.Enum"/> parameter.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>
    /// True where Anchore accepted any string at load time and failed only when evaluating: an invalid value is
    /// then a warning (the rule is skipped) rather than an error, so bundles Anchore accepted still load.
    /// </summary>
    public bool InvalidValueIsWarning { get; init; }

    /// <summary>True for parameters Gantry adds to Anchore's gates (documented as such).</summary>
    public bool IsGantryExtension { get; init; }

    /// <summary>Checks a value, returning a message naming the problem, or null when the value is acceptable.</summary>
    public string? Validate(string value)
    {
        switch (Kind)
        {
            case ParameterKind.Enum:
                return AllowedValues.Contains(value, StringComparer.OrdinalIgnoreCase)
                    ? null
                    : $"'{value}' is not one of {string.Join(", ", AllowedValues)}";
            case ParameterKind.Boolean:
                return ParameterValues.TryParseBool(value, out _) ? null : $"'{value}' is not a boolean (true or false)";
            case ParameterKind.Integer:
                return long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : $"'{value}' is not an integer";
            case ParameterKind.Float:
                return double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : $"'{value}' is not a number";
            case ParameterKind.CommaNumberList:
                var bad = ParameterValues.SplitList(value).FirstOrDefault(v => !long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
                return bad is null ? null : $"'{bad}' in '{value}' is not a number";
            case ParameterKind.Regex:
                return ParameterValues.TryCompile(value, out _) ? null : $"'{value}' is not a valid regular expression";
            case ParameterKind.Octal:
                return value.Trim().Length is > 0 and <= 7 && value.Trim().All(c => c is >= '0' and <= '7') ? null : $"'{value}' is not an octal file mode such as 00644";
            case ParameterKind.Bytes:
                return BytesRegex.IsMatch(value.Trim()) ? null : $"'{value}' is not a size (a number optionally followed by kb, mb, gb or tb)";
            default:
                return null;
        }
    }
}

/// <summary>Parsing helpers shared by validation and evaluation.</summary>
public static class ParameterValues
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool TryParseBool(string value, out bool result)
    {
        switch (value.Trim().ToUpperInvariant())
        {
            case "TRUE" or "T" or "YES" or "Y" or "1":
                result = true;
                return true;
            case "FALSE" or "F" or "NO" or "N" or "0":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    public static bool TryCompile(string pattern, out Regex? regex)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            regex = null;
            return false;
        }
    }

    /// <summary>Parses <c>10</c>, <c>512kb</c>, <c>2GB</c> into bytes (powers of 1024, as Anchore's <c>convert_bytes_size</c>).</summary>
    public static long ParseBytes(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        var multiplier = text.EndsWith("kb", StringComparison.Ordinal) ? 1L << 10
            : text.EndsWith("mb", StringComparison.Ordinal) ? 1L << 20
            : text.EndsWith("gb", StringComparison.Ordinal) ? 1L << 30
            : text.EndsWith("tb", StringComparison.Ordinal) ? 1L << 40
            : 1L;
        var digits = multiplier == 1 ? text : text[..^2];
        return long.Parse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture) * multiplier;
    }
}
