using System.Text;

namespace Gantry.Cataloging.Cpe;

/// <summary>
/// Builds CPE 2.3 formatted strings (<c>cpe:2.3:a:VENDOR:PRODUCT:VERSION:*:*:*:*:*:*:*</c>) as match candidates
/// for the NVD fallback matcher. Values are lower-cased and every character outside
/// <c>[a-z0-9._-]</c> is backslash-quoted, as NISTIR 7695 requires for the formatted-string binding.
/// </summary>
internal static class CpeGenerator
{
    public static string Create(string vendor, string product, string version) =>
        $"cpe:2.3:a:{Quote(vendor)}:{Quote(product)}:{Quote(version)}:*:*:*:*:*:*:*";

    /// <summary>One CPE per (vendor, product) pair, in order, without duplicates; blank vendors or products are skipped.</summary>
    public static IReadOnlyList<string> Candidates(string version, params (string? Vendor, string? Product)[] pairs) =>
        pairs.Where(p => !string.IsNullOrWhiteSpace(p.Vendor) && !string.IsNullOrWhiteSpace(p.Product))
            .Select(p => Create(p.Vendor!, p.Product!, version))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('_');
            }
            else
            {
                sb.Append('\\').Append(c);
            }
        }

        return sb.Length == 0 ? "*" : sb.ToString();
    }
}
