using Gantry.Core;
using Gantry.Policy.Evaluation;
using Gantry.Versioning;

namespace Gantry.Engine.Evaluation;

/// <summary>
/// Version ordering for <c>packages.required_package</c> (<c>version_match_type=minimum</c>) in the package's own
/// scheme (dpkg epochs and tildes, PEP 440, Maven qualifiers…). Versions the scheme cannot read fall back to the
/// policy engine's segment comparison rather than failing the evaluation.
/// </summary>
public static class SchemeVersionComparison
{
    public static int Compare(Package package, string version)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(version);
        if (VersionSchemes.For(package.Type) is { } comparer
            && comparer.TryParse(package.Version, out var installed, out _)
            && comparer.TryParse(version, out var required, out _))
        {
            return Math.Sign(installed.CompareTo(required));
        }

        return SimpleVersionComparer.Compare(package.Version, version);
    }
}
