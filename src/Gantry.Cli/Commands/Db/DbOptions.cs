using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Engine.Operations;

namespace Gantry.Cli.Commands.Db;

/// <summary>Options shared by the db commands.</summary>
internal static partial class DbOptions
{
    public static Option<string?> Database() => new("--db")
    {
        Description = $"Database file (default: {DatabaseOperations.DefaultLocation}).",
    };

    /// <summary>Parses durations such as <c>5d</c>, <c>12h</c>, <c>30m</c>, <c>90s</c>, <c>1d12h</c>.</summary>
    public static TimeSpan ParseDuration(string text, string optionName)
    {
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new InvalidInputException($"{optionName}: '{text}' is not a duration; use e.g. 5d, 12h, 30m, 90s");
        }

        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "w" => TimeSpan.FromDays(7 * amount),
                "d" => TimeSpan.FromDays(amount),
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }

        return total;
    }

    public static string FormatAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d{age.Hours}h"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h{age.Minutes}m"
        : $"{(int)age.TotalMinutes}m";

    [GeneratedRegex(@"(\d+(?:\.\d+)?)([wdhms])")]
    private static partial Regex DurationPart();
}
