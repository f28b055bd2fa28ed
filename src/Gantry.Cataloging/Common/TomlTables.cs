using System.Globalization;
using Tomlyn;
using Tomlyn.Serialization;
using TomlDocument = Tomlyn.Model.TomlTable;
using TomlTableArray = Tomlyn.Model.TomlTableArray;

namespace Gantry.Cataloging.Common;

/// <summary>One table of a lock file's <c>[[NAME]]</c> array, flattened to what the catalogers read.</summary>
internal sealed class LockTable
{
    /// <summary>Scalar keys (<c>name</c>, <c>version</c>, <c>source</c>, …) as text.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys of sub-tables such as <c>[package.dependencies]</c>, by sub-table name.</summary>
    public Dictionary<string, List<string>> SubTableKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The items of array values: plain strings (Cargo's <c>dependencies = ["a", "b 1.0"]</c>) or the <c>name</c> of
    /// inline tables (uv's <c>dependencies = [{ name = "x" }]</c>).
    /// </summary>
    public Dictionary<string, List<string>> ArrayNames { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The <c>[[NAME]]</c> array of tables of a TOML lock file (poetry.lock, uv.lock, Cargo.lock), parsed with Tomlyn.
/// A file that is not TOML throws <see cref="TomlException"/>, which the cataloger loop reports as a malformed file.
/// </summary>
internal static class TomlTables
{
    public static List<LockTable> Read(string text, string arrayName)
    {
        var document = Parse(text) ?? throw new TomlException("the file holds no TOML document");
        return document.TryGetValue(arrayName, out var array) && array is TomlTableArray tables
            ? [.. tables.Select(Flatten)]
            : [];
    }

    /// <summary>
    /// The generated metadata reports a syntax error wrapped in a conversion error ("Exception while trying to convert
    /// TOML value to type …"); the parser's own error, with the line and column, is what names the problem.
    /// </summary>
    private static TomlDocument? Parse(string text)
    {
        try
        {
            return TomlSerializer.Deserialize(text, LockFileTomlContext.Default.TomlTable);
        }
        catch (TomlException ex) when (ex.InnerException is TomlException syntax)
        {
            throw syntax;
        }
    }

    private static LockTable Flatten(TomlDocument table)
    {
        var flat = new LockTable();
        foreach (var (key, value) in table)
        {
            switch (value)
            {
                case TomlDocument subTable:
                    flat.SubTableKeys[key] = [.. subTable.Select(entry => entry.Key)];
                    break;
                case Tomlyn.Model.TomlArray items:
                    flat.ArrayNames[key] = [.. items.Select(NameOf).OfType<string>()];
                    break;
                case TomlTableArray:
                    break;
                default:
                    flat.Values[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    break;
            }
        }

        return flat;
    }

    /// <summary>An array item's name: the string itself, or an inline table's <c>name</c>.</summary>
    private static string? NameOf(object? item) => item switch
    {
        string text => text,
        TomlDocument inline when inline.TryGetValue("name", out var name) && name is string text => text,
        _ => null,
    };
}

/// <summary>Tomlyn's metadata for the untyped table model, generated at build time: no reflection at run time.</summary>
[TomlSerializable(typeof(TomlDocument))]
internal sealed partial class LockFileTomlContext : TomlSerializerContext;
