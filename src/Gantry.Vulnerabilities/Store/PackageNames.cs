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
        return (Ecosystems.ByOsvName(EcosystemOf(@namespace))?.Normalization ?? NameNormalization.AsIs).Apply(name);
    }

    /// <summary>The ecosystem part of a namespace: <c>PyPI</c> for <c>PyPI</c>, <c>debian</c> for <c>debian:12</c>.</summary>
    public static string EcosystemOf(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var colon = @namespace.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? @namespace : @namespace[..colon];
    }
}
