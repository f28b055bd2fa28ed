namespace Gantry.Cataloging.Common;

/// <summary>One <c>[[array]]</c> table of a TOML lock file: its string keys and its sub-tables' keys.</summary>
internal sealed class TomlTable
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys of sub-tables such as <c>[package.dependencies]</c>, by sub-table name.</summary>
    public Dictionary<string, List<string>> SubTableKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Every <c>name = "..."</c> inside a multi-line array value such as uv's <c>dependencies = [ { name = "x" }, ... ]</c>.</summary>
    public Dictionary<string, List<string>> ArrayNames { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Just enough TOML for lock files (poetry.lock, uv.lock, Cargo.lock): the <c>[[NAME]]</c> array of
/// tables with their <c>key = "string"</c> pairs, the keys of their sub-tables, and the <c>name</c>s
/// inside array values. Anything else is skipped; lock files are machine-written and regular.
/// </summary>
internal static class TomlTables
{
    public static List<TomlTable> Read(string text, string arrayName)
    {
        var tables = new List<TomlTable>();
        TomlTable? current = null;
        string? subTable = null;
        string? openArray = null;
        var header = $"[[{arrayName}]]";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (openArray is not null && current is not null)
            {
                foreach (var name in ArrayItems(line))
                {
                    current.ArrayNames[openArray].Add(name);
                }

                if (line.StartsWith(']'))
                {
                    openArray = null;
                }

                continue;
            }

            if (line[0] == '[')
            {
                subTable = null;
                if (line == header)
                {
                    current = new TomlTable();
                    tables.Add(current);
                }
                else if (current is not null && line.StartsWith($"[{arrayName}.", StringComparison.Ordinal) && line.EndsWith(']'))
                {
                    subTable = line[(arrayName.Length + 2)..^1];
                    current.SubTableKeys.TryAdd(subTable, []);
                }
                else
                {
                    current = null;
                }

                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim().Trim('"');
            var value = line[(eq + 1)..].Trim();
            if (subTable is not null)
            {
                current.SubTableKeys[subTable].Add(key);
            }
            else if (value.StartsWith('[') && !value.EndsWith(']'))
            {
                openArray = key;
                current.ArrayNames[key] = [.. ArrayItems(value)];
            }
            else if (value.StartsWith('['))
            {
                current.ArrayNames[key] = [.. ArrayItems(value)];
            }
            else
            {
                current.Values[key] = Unquote(value);
            }
        }

        return tables;
    }

    /// <summary>An array line's items: the <c>name</c>s of inline tables, or else its plain strings.</summary>
    private static IEnumerable<string> ArrayItems(string line) => line.Contains('{', StringComparison.Ordinal) ? InlineNames(line) : QuotedStrings(line);

    /// <summary>The values of <c>name = "x"</c> in an inline table line.</summary>
    private static IEnumerable<string> InlineNames(string line)
    {
        var at = 0;
        while ((at = line.IndexOf("name = \"", at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + 8;
            var end = line.IndexOf('"', start);
            if (end < 0)
            {
                yield break;
            }

            yield return line[start..end];
            at = end;
        }
    }

    /// <summary>Plain strings of an array line such as Cargo's <c>dependencies = ["a", "b 1.0"]</c> or <c> "a",</c>.</summary>
    private static IEnumerable<string> QuotedStrings(string line) =>
        line.Trim().Trim('[', ']').Split(',').Select(s => s.Trim().Trim('"')).Where(s => s.Length > 0);

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] is '"' or '\'')
        {
            var end = value.IndexOf(value[0], 1);
            return end > 0 ? value[1..end] : value[1..];
        }

        return value;
    }
}
