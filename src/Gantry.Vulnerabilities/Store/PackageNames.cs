using System.Globalization;
using System.Text;
using Gantry.Core;

namespace Gantry.Vulnerabilities.Store;

/// <summary>
/// Normalizes package names per ecosystem so that a lookup by (namespace, normalized name) finds a record however
/// the feed or the SBOM spelled the name. The matcher must normalize SBOM names with this same method.
/// </summary>
public static class PackageNames
{
    public static string Normalize(string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(name);
        return (Ecosystems.ByOsvName(EcosystemOf(@namespace))?.Normalization ?? NameNormalization.AsIs) switch
        {
            NameNormalization.Pep503 => Pep503(name),
            NameNormalization.Crate => name.ToLowerInvariant().Replace('_', '-'),
            NameNormalization.LowerCase => name.ToLowerInvariant(),

            // Distro package names are already canonical.
            _ => name,
        };
    }

    /// <summary>The ecosystem part of a namespace: <c>PyPI</c> for <c>PyPI</c>, <c>debian</c> for <c>debian:12</c>.</summary>
    public static string EcosystemOf(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var colon = @namespace.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? @namespace : @namespace[..colon];
    }

    private static string Pep503(string name)
    {
        var builder = new StringBuilder(name.Length);
        var pendingSeparator = false;
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                pendingSeparator = builder.Length > 0;
                continue;
            }

            if (pendingSeparator)
            {
                builder.Append('-');
                pendingSeparator = false;
            }

            builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
