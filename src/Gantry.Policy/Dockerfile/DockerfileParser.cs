using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gantry.Policy.Dockerfile;

/// <summary>
/// Parses a Dockerfile as BuildKit reads it: parser directives (<c># escape=</c>), continuation lines,
/// comments inside continuations, heredocs (<c>RUN &lt;&lt;EOF</c>), JSON and shell forms, and ARG/ENV
/// substitution (<c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR:+alt}</c>) in the instructions
/// where Docker performs it.
/// </summary>
public static partial class DockerfileParser
{
    /// <summary>Instructions whose arguments Docker expands (RUN, CMD and ENTRYPOINT are left to the shell).</summary>
    private static readonly HashSet<string> SubstitutedKeywords =
        ["ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG", "ONBUILD"];

    /// <summary>Reads and parses the Dockerfile given with <c>--dockerfile</c>.</summary>
    public static ParsedDockerfile ParseFile(string path, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        try
        {
            return Parse(File.ReadAllText(path), buildArgs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Gantry.Core.InvalidInputException($"Dockerfile '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    public static ParsedDockerfile Parse(string text, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var escape = ReadEscapeDirective(lines);
        var state = new SubstitutionState(buildArgs ?? new Dictionary<string, string>());
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var index = 0;
        while (index < lines.Length)
        {
            var startLine = index + 1;
            var logical = ReadLogicalLine(lines, ref index, escape);
            if (logical is null)
            {
                continue;
            }

            var (keyword, arguments) = SplitKeyword(logical);
            arguments = AppendHeredocs(lines, ref index, arguments);
            if (keyword == "FROM")
            {
                stage++;
                state.StartStage();
            }

            if (SubstitutedKeywords.Contains(keyword))
            {
                arguments = state.Expand(arguments, isFrom: keyword == "FROM");
            }

            state.Record(keyword, arguments);
            instructions.Add(new DockerInstruction(keyword, arguments, startLine, Math.Max(stage, 0), TryExecForm(arguments)));
        }

        return new ParsedDockerfile(DockerfileMode.Actual, instructions);
    }

    private static char ReadEscapeDirective(string[] lines)
    {
        foreach (var line in lines)
        {
            var match = EscapeDirective().Match(line);
            if (match.Success)
            {
                return match.Groups[1].Value[0];
            }

            if (!ParserDirective().IsMatch(line))
            {
                break;
            }
        }

        return '\\';
    }

    /// <summary>Joins one instruction's physical lines; returns null for blank and comment lines.</summary>
    private static string? ReadLogicalLine(string[] lines, ref int index, char escape)
    {
        var builder = new StringBuilder();
        while (index < lines.Length)
        {
            var line = lines[index++];
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#'))
            {
                // Comments are dropped, also in the middle of a continued instruction.
                if (builder.Length == 0)
                {
                    return null;
                }

                continue;
            }

            var content = line.TrimEnd();
            if (content.EndsWith(escape))
            {
                builder.Append(content.AsSpan(0, content.Length - 1));
                continue;
            }

            builder.Append(content);
            break;
        }

        var logical = builder.ToString().Trim();
        return logical.Length == 0 ? null : logical;
    }

    private static (string Keyword, string Arguments) SplitKeyword(string logical)
    {
        var space = logical.IndexOfAny([' ', '\t']);
        return space < 0
            ? (logical.ToUpperInvariant(), string.Empty)
            : (logical[..space].ToUpperInvariant(), logical[(space + 1)..].Trim());
    }

    /// <summary>Reads the bodies of the heredocs an instruction opens (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOF"</c>) and appends them.</summary>
    private static string AppendHeredocs(string[] lines, ref int index, string arguments)
    {
        var builder = new StringBuilder(arguments);
        foreach (Match heredoc in Heredoc().Matches(arguments))
        {
            var stripTabs = heredoc.Groups["dash"].Success;
            var terminator = heredoc.Groups["word"].Value;
            while (index < lines.Length)
            {
                var line = lines[index++];
                var compare = stripTabs ? line.TrimStart('\t') : line;
                if (compare.TrimEnd() == terminator)
                {
                    break;
                }

                builder.Append('\n').Append(stripTabs ? line.TrimStart('\t') : line);
            }
        }

        return builder.ToString();
    }

    /// <summary>The arguments of the JSON (exec) form, or null for the shell form.</summary>
    internal static IReadOnlyList<string>? TryExecForm(string arguments)
    {
        if (!arguments.StartsWith('['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String)
                ? [.. root.EnumerateArray().Select(a => a.GetString()!)]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^#\s*escape\s*=\s*([\\`])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EscapeDirective();

    [GeneratedRegex(@"^#\s*[a-zA-Z]+\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex ParserDirective();

    [GeneratedRegex(@"<<(?<dash>-)?(?<q>[""']?)(?<word>[A-Za-z_][A-Za-z0-9_]*)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex Heredoc();
}
