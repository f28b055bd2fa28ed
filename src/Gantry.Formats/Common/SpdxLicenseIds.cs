namespace Gantry.Formats.Common;

/// <summary>The SPDX license and exception identifiers, to tell a real id from a free-form license name.</summary>
public static class SpdxLicenseIds
{
    private static readonly Dictionary<string, string> Canonical = Load();

    /// <summary>The canonical spelling of <paramref name="value"/> when it is an SPDX id (ids compare case-insensitively).</summary>
    public static bool TryGetCanonical(string value, out string id) => Canonical.TryGetValue(value.Trim(), out id!);

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(SpdxLicenseIds).Assembly.GetManifestResourceStream("spdx-license-ids.txt")
            ?? throw new InvalidOperationException("embedded resource spdx-license-ids.txt is missing");
        using var reader = new StreamReader(stream);
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                ids[line] = line;
            }
        }

        return ids;
    }
}
