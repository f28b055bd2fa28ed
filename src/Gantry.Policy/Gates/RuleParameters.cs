using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.Policy.Gates;

/// <summary>A rule's parameter values, read with the trigger's documented defaults and types.</summary>
public sealed class RuleParameters(TriggerDefinition trigger, IReadOnlyDictionary<string, string> values)
{
    /// <summary>The value the rule gives, else the parameter's default, else null.</summary>
    public string? Get(string name)
    {
        if (values.TryGetValue(name, out var value) && value.Length > 0)
        {
            return value;
        }

        return trigger.FindParameter(name)?.Default;
    }

    public string GetRequired(string name) =>
        Get(name) ?? throw new InvalidOperationException($"required parameter '{name}' has no value; the bundle was not validated");

    public bool GetBool(string name, bool fallback) =>
        Get(name) is { } text && ParameterValues.TryParseBool(text, out var value) ? value : fallback;

    public long? GetInt(string name) =>
        Get(name) is { } text && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public double? GetFloat(string name) =>
        Get(name) is { } text && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public IReadOnlyList<string> GetList(string name) => Get(name) is { } text ? ParameterValues.SplitList(text) : [];

    /// <summary>The compiled regex, or null when absent or invalid (invalid ones are reported by validation).</summary>
    public Regex? GetRegex(string name) =>
        Get(name) is { } text && ParameterValues.TryCompile(text, out var regex) ? regex : null;
}
