namespace Gantry.Cataloging.Python;

/// <summary>The fields of a Python core-metadata file (<c>METADATA</c>, <c>PKG-INFO</c>) that go into the SBOM.</summary>
internal sealed record CoreMetadata(string? Name, string? Version, string? License, string? Author, string? HomePage, string? Summary,
    IReadOnlyList<string> RequiresDist);

/// <summary>
/// Reads the e-mail-header format of Python core metadata: <c>Key: value</c> lines, continuation lines
/// indented, headers ending at the first blank line (the long description follows and is ignored).
/// </summary>
internal static class CoreMetadataParser
{
    public static CoreMetadata Parse(string text)
    {
        var fields = new List<(string Key, string Value)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (fields.Count > 0)
                {
                    fields[^1] = (fields[^1].Key, fields[^1].Value + "\n" + line.Trim());
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        string? First(string key) => fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } v ? v : null;
        // A multi-line License field is the license text itself, not a name.
        var license = First("License-Expression")
            ?? (First("License") is { } l && l != "UNKNOWN" && !l.Contains('\n', StringComparison.Ordinal) ? l : null);
        return new CoreMetadata(First("Name"), First("Version"), license, First("Author") ?? First("Author-email"),
            First("Home-page"), First("Summary"),
            fields.Where(f => string.Equals(f.Key, "Requires-Dist", StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList());
    }

    /// <summary>The distribution name of a Requires-Dist value, or null when it only applies to an extra.</summary>
    public static string? RequiredName(string requirement)
    {
        var semicolon = requirement.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0 && requirement[semicolon..].Contains("extra", StringComparison.Ordinal))
        {
            return null;
        }

        var end = requirement.IndexOfAny([' ', '(', '[', ';', '<', '>', '=', '!', '~']);
        var name = (end >= 0 ? requirement[..end] : requirement).Trim();
        return name.Length > 0 ? name : null;
    }
}
