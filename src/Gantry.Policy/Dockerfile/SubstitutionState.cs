using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.Policy.Dockerfile;

/// <summary>
/// The variables in scope while parsing: global ARGs (before the first FROM, usable in FROM lines),
/// and per stage the ARGs and ENVs declared so far. Build arguments override ARG defaults.
/// </summary>
internal sealed partial class SubstitutionState(IReadOnlyDictionary<string, string> buildArgs)
{
    private readonly Dictionary<string, string> _globalArgs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stageVariables = new(StringComparer.Ordinal);
    private bool _inStage;

    public void StartStage()
    {
        _inStage = true;
        _stageVariables.Clear();
    }

    public void Record(string keyword, string arguments)
    {
        if (keyword == "ARG")
        {
            var eq = arguments.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? arguments : arguments[..eq]).Trim();
            string? value = eq < 0 ? null : Unquote(arguments[(eq + 1)..].Trim());
            if (buildArgs.TryGetValue(name, out var given))
            {
                value = given;
            }
            else if (value is null && _inStage && _globalArgs.TryGetValue(name, out var global))
            {
                value = global;
            }

            (_inStage ? _stageVariables : _globalArgs)[name] = value ?? string.Empty;
        }
        else if (keyword == "ENV")
        {
            foreach (var (name, value) in ParseEnv(arguments))
            {
                _stageVariables[name] = value;
            }
        }
    }

    public string Expand(string text, bool isFrom)
    {
        var scope = isFrom ? _globalArgs : _stageVariables;
        return Variable().Replace(text, match =>
        {
            if (match.Value.StartsWith('\\'))
            {
                return match.Value[1..];
            }

            var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["bare"].Value;
            var defined = scope.TryGetValue(name, out var value);
            return match.Groups["op"].Value switch
            {
                ":-" => defined && value!.Length > 0 ? value : match.Groups["word"].Value,
                ":+" => defined && value!.Length > 0 ? match.Groups["word"].Value : string.Empty,
                _ => defined ? value! : string.Empty,
            };
        });
    }

    /// <summary>Reads <c>ENV a=1 b="two words"</c> and the legacy <c>ENV name value with spaces</c>.</summary>
    internal static IEnumerable<(string Name, string Value)> ParseEnv(string arguments)
    {
        var firstSpace = arguments.IndexOfAny([' ', '\t']);
        var firstEq = arguments.IndexOf('=', StringComparison.Ordinal);
        if (firstEq < 0 || (firstSpace >= 0 && firstSpace < firstEq))
        {
            if (firstSpace > 0)
            {
                yield return (arguments[..firstSpace], arguments[(firstSpace + 1)..].Trim());
            }

            yield break;
        }

        foreach (Match pair in EnvPair().Matches(arguments))
        {
            yield return (pair.Groups["name"].Value, Unquote(pair.Groups["value"].Value));
        }
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            return value[1..^1];
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\\\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:[-+])(?<word>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_.-]*)=(?<value>""(?:[^""\\]|\\.)*""|'[^']*'|(?:[^\s\\]|\\.)*)", RegexOptions.CultureInvariant)]
    private static partial Regex EnvPair();
}
