using System.Text;

namespace Gantry.Cataloging.Dpkg;

/// <summary>One paragraph of a dpkg status file, with the fields Gantry uses.</summary>
internal sealed record DpkgEntry(
    string Package,
    string Version,
    string? Architecture,
    string? SourceName,
    string? SourceVersion,
    string? Maintainer,
    string? InstalledSize,
    string? Status);

/// <summary>
/// Parses dpkg's status format: paragraphs of <c>Field: value</c> lines separated by blank lines,
/// continuation lines starting with a space or tab. A paragraph without Package or Version is
/// reported, not fatal.
/// </summary>
/// <remarks>
/// It reads the UTF-8 bytes line by line and decodes only the values of the fields it keeps: a status file is
/// mostly descriptions and conffiles, and it is parsed once per layer that has one.
/// </remarks>
internal static class DpkgStatusParser
{
    /// <summary>Status words of packages whose files are on disk ("config-files" and "not-installed" have none).</summary>
    private static readonly HashSet<string> PresentStates = new(StringComparer.Ordinal)
    {
        "installed", "half-configured", "unpacked", "half-installed", "triggers-awaited", "triggers-pending",
    };

    /// <summary>The fields kept, in <see cref="KeptField"/> order; dpkg field names are case-insensitive.</summary>
    private static readonly string[] KeptFieldNames =
        ["Package", "Version", "Architecture", "Source", "Maintainer", "Installed-Size", "Status"];

    private enum KeptField { Package, Version, Architecture, Source, Maintainer, InstalledSize, Status, None = -1 }

    /// <summary>Longer field names cannot be one of <see cref="KeptFieldNames"/>: UTF-8 takes at most 4 bytes per char.</summary>
    private const int MaxKeptNameBytes = 4 * 14;

    public static (List<DpkgEntry> Entries, List<string> Errors) Parse(ReadOnlySpan<byte> content)
    {
        var entries = new List<DpkgEntry>();
        var errors = new List<string>();
        var fields = new string?[KeptFieldNames.Length];
        var hasFields = false;
        var lastField = KeptField.None;
        var paragraph = 1;
        foreach (var range in content.Split((byte)'\n'))
        {
            var line = content[range].TrimEnd((byte)'\r');
            if (line.IsEmpty)
            {
                Flush(fields, hasFields, entries, errors, paragraph);
                hasFields = false;
                paragraph++;
                lastField = KeptField.None;
                continue;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (lastField != KeptField.None)
                {
                    fields[(int)lastField] += "\n" + Decode(line).Trim();
                }

                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                errors.Add($"paragraph {paragraph}: line '{Truncate(Decode(line))}' is not 'Field: value'");
                continue;
            }

            hasFields = true;
            lastField = Kept(line[..colon]);
            if (lastField != KeptField.None)
            {
                fields[(int)lastField] = Decode(line[(colon + 1)..].Trim(" \t"u8)).Trim();
            }
        }

        Flush(fields, hasFields, entries, errors, paragraph);
        return (entries, errors);
    }

    /// <summary>True when dpkg has the package's files on disk (the third of exactly three words of Status).</summary>
    public static bool IsPresent(DpkgEntry entry)
    {
        if (entry.Status is null)
        {
            return true; // distroless status.d entries carry no Status field
        }

        var status = entry.Status.AsSpan();
        var words = 0;
        var third = ReadOnlySpan<char>.Empty;
        foreach (var range in status.Split(' '))
        {
            if (status[range].IsEmpty)
            {
                continue;
            }

            if (++words == 3)
            {
                third = status[range];
            }
        }

        return words == 3 && PresentStates.GetAlternateLookup<ReadOnlySpan<char>>().Contains(third);
    }

    private static KeptField Kept(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxKeptNameBytes)
        {
            return KeptField.None;
        }

        Span<char> chars = stackalloc char[MaxKeptNameBytes];
        var decoded = chars[..Encoding.UTF8.GetChars(name, chars)];
        for (var i = 0; i < KeptFieldNames.Length; i++)
        {
            if (decoded.Equals(KeptFieldNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return (KeptField)i;
            }
        }

        return KeptField.None;
    }

    private static void Flush(string?[] fields, bool hasFields, List<DpkgEntry> entries, List<string> errors, int paragraph)
    {
        if (!hasFields)
        {
            return;
        }

        var name = fields[(int)KeptField.Package];
        var version = fields[(int)KeptField.Version];
        var source = fields[(int)KeptField.Source];
        var architecture = fields[(int)KeptField.Architecture];
        var maintainer = fields[(int)KeptField.Maintainer];
        var installedSize = fields[(int)KeptField.InstalledSize];
        var status = fields[(int)KeptField.Status];
        Array.Clear(fields);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
        {
            errors.Add($"paragraph {paragraph}: no {(string.IsNullOrEmpty(name) ? "Package" : "Version")} field{(name is { Length: > 0 } ? $" (package '{name}')" : string.Empty)}");
            return;
        }

        string? sourceName = null;
        string? sourceVersion = null;
        if (source is { Length: > 0 })
        {
            // "Source: name" or "Source: name (version)" when the binary's version differs.
            var paren = source.IndexOf('(', StringComparison.Ordinal);
            sourceName = (paren > 0 ? source[..paren] : source).Trim();
            if (paren > 0 && source.EndsWith(')'))
            {
                sourceVersion = source[(paren + 1)..^1].Trim();
            }
        }

        entries.Add(new DpkgEntry(name, version, architecture, sourceName ?? name, sourceVersion ?? version, maintainer, installedSize, status));
    }

    private static string Decode(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private static string Truncate(string line) => line.Length > 60 ? line[..60] + "…" : line;
}
