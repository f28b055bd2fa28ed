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
internal static class DpkgStatusParser
{
    /// <summary>Status words of packages whose files are on disk ("config-files" and "not-installed" have none).</summary>
    private static readonly HashSet<string> PresentStates = new(StringComparer.Ordinal)
    {
        "installed", "half-configured", "unpacked", "half-installed", "triggers-awaited", "triggers-pending",
    };

    public static (List<DpkgEntry> Entries, List<string> Errors) Parse(ReadOnlySpan<byte> content)
    {
        var entries = new List<DpkgEntry>();
        var errors = new List<string>();
        var text = Encoding.UTF8.GetString(content);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastKey = null;
        var paragraph = 1;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                Flush(fields, entries, errors, paragraph);
                paragraph++;
                lastKey = null;
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (lastKey is not null)
                {
                    fields[lastKey] += "\n" + line.Trim();
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                errors.Add($"paragraph {paragraph}: line '{Truncate(line)}' is not 'Field: value'");
                continue;
            }

            lastKey = line[..colon];
            fields[lastKey] = line[(colon + 1)..].Trim();
        }

        Flush(fields, entries, errors, paragraph);
        return (entries, errors);
    }

    /// <summary>True when dpkg has the package's files on disk (the third word of Status).</summary>
    public static bool IsPresent(DpkgEntry entry)
    {
        if (entry.Status is null)
        {
            return true; // distroless status.d entries carry no Status field
        }

        var words = entry.Status.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 3 && PresentStates.Contains(words[2]);
    }

    private static void Flush(Dictionary<string, string> fields, List<DpkgEntry> entries, List<string> errors, int paragraph)
    {
        if (fields.Count == 0)
        {
            return;
        }

        var name = fields.GetValueOrDefault("Package");
        var version = fields.GetValueOrDefault("Version");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
        {
            errors.Add($"paragraph {paragraph}: no {(string.IsNullOrEmpty(name) ? "Package" : "Version")} field{(name is { Length: > 0 } ? $" (package '{name}')" : string.Empty)}");
            fields.Clear();
            return;
        }

        string? sourceName = null;
        string? sourceVersion = null;
        if (fields.TryGetValue("Source", out var source) && source.Length > 0)
        {
            // "Source: name" or "Source: name (version)" when the binary's version differs.
            var paren = source.IndexOf('(', StringComparison.Ordinal);
            sourceName = (paren > 0 ? source[..paren] : source).Trim();
            if (paren > 0 && source.EndsWith(')'))
            {
                sourceVersion = source[(paren + 1)..^1].Trim();
            }
        }

        entries.Add(new DpkgEntry(name, version, fields.GetValueOrDefault("Architecture"), sourceName ?? name, sourceVersion ?? version,
            fields.GetValueOrDefault("Maintainer"), fields.GetValueOrDefault("Installed-Size"), fields.GetValueOrDefault("Status")));
        fields.Clear();
    }

    private static string Truncate(string line) => line.Length > 60 ? line[..60] + "…" : line;
}
