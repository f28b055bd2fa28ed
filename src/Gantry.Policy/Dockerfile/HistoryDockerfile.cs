using System.Text.RegularExpressions;
using Gantry.Core;

namespace Gantry.Policy.Dockerfile;

/// <summary>
/// Recovers a Dockerfile from the image history ("guessed" mode, as Anchore calls it). Understands the
/// classic builder's <c>/bin/sh -c #(nop) EXPOSE 22/tcp</c> and <c>/bin/sh -c apt-get …</c> lines and BuildKit's
/// <c>EXPOSE map[22/tcp:{}]</c>, <c>RUN /bin/sh -c … # buildkit</c> and <c>RUN |2 A=1 B=2 /bin/sh -c …</c>.
/// </summary>
public static partial class HistoryDockerfile
{
    private const string NopPrefix = "#(nop)";
    private const string ShellPrefix = "/bin/sh -c ";

    public static ParsedDockerfile FromHistory(IEnumerable<HistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var instructions = new List<DockerInstruction>();
        var line = 0;
        foreach (var entry in history)
        {
            line++;
            if (string.IsNullOrWhiteSpace(entry.CreatedBy))
            {
                continue;
            }

            var (keyword, arguments) = Recover(entry.CreatedBy);
            instructions.Add(new DockerInstruction(keyword, arguments, line, 0, DockerfileParser.TryExecForm(arguments)));
        }

        return new ParsedDockerfile(DockerfileMode.Guessed, instructions);
    }

    /// <summary>Turns one <c>created_by</c> line into an instruction keyword and its arguments.</summary>
    internal static (string Keyword, string Arguments) Recover(string createdBy)
    {
        var text = createdBy.Trim();
        if (text.EndsWith("# buildkit", StringComparison.Ordinal))
        {
            text = text[..^"# buildkit".Length].TrimEnd();
        }

        var nop = text.IndexOf(NopPrefix, StringComparison.Ordinal);
        if (nop >= 0)
        {
            text = text[(nop + NopPrefix.Length)..].Trim();
        }
        else if (text.StartsWith(ShellPrefix, StringComparison.Ordinal))
        {
            return ("RUN", text[ShellPrefix.Length..].Trim());
        }
        else if (text.StartsWith('|'))
        {
            // Classic builder RUN with build args: "|2 A=1 B=2 /bin/sh -c cmd".
            return ("RUN", StripRunPreamble(text));
        }

        var space = text.IndexOfAny([' ', '\t']);
        var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var arguments = space < 0 ? string.Empty : text[(space + 1)..].Trim();
        if (!ParsedDockerfile.Directives.Contains(keyword))
        {
            return ("RUN", text);
        }

        return keyword switch
        {
            "RUN" => ("RUN", StripRunPreamble(arguments)),
            "EXPOSE" => ("EXPOSE", NormalizeGoMap(arguments)),
            _ => (keyword, arguments),
        };
    }

    /// <summary>Drops BuildKit's <c>|N A=1 …</c> build-arg preamble and the <c>/bin/sh -c</c> wrapper.</summary>
    private static string StripRunPreamble(string arguments)
    {
        var text = RunArgsPreamble().Replace(arguments, string.Empty, 1);
        return text.StartsWith(ShellPrefix, StringComparison.Ordinal) ? text[ShellPrefix.Length..].Trim() : text.Trim();
    }

    /// <summary>BuildKit prints exposed ports as a Go map: <c>map[22/tcp:{} 80/tcp:{}]</c> becomes <c>22/tcp 80/tcp</c>.</summary>
    private static string NormalizeGoMap(string arguments)
    {
        if (!arguments.StartsWith("map[", StringComparison.Ordinal))
        {
            return arguments;
        }

        return string.Join(' ', GoMapKey().Matches(arguments).Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex(@"^\|\d+\s+(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*", RegexOptions.CultureInvariant)]
    private static partial Regex RunArgsPreamble();

    [GeneratedRegex(@"([0-9]+(?:/[a-z]+)?):\{\}", RegexOptions.CultureInvariant)]
    private static partial Regex GoMapKey();
}
