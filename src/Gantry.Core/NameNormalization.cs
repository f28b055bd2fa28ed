using System.Globalization;
using System.Text;

namespace Gantry.Core;

/// <summary>How an ecosystem's registry compares package names, so a lookup finds a record however it was spelled.</summary>
public enum NameNormalization
{
    /// <summary>Names are case-sensitive and already canonical (Go module paths, Maven coordinates, gems, distro packages).</summary>
    AsIs,

    /// <summary>Case-insensitive registries (npm, NuGet, Packagist, Hex, Pub).</summary>
    LowerCase,

    /// <summary>PEP 503: runs of <c>-</c>, <c>_</c> and <c>.</c> are one <c>-</c>, case-insensitive.</summary>
    Pep503,

    /// <summary>crates.io treats <c>-</c> and <c>_</c> as the same and ignores case.</summary>
    Crate,
}

/// <summary>The normalizations themselves: the store indexes names with them, and catalogers build purl names with them.</summary>
public static class NameNormalizations
{
    public static string Apply(this NameNormalization normalization, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return normalization switch
        {
            NameNormalization.Pep503 => Pep503(name),
            NameNormalization.Crate => name.ToLowerInvariant().Replace('_', '-'),
            NameNormalization.LowerCase => name.ToLowerInvariant(),
            _ => name,
        };
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
