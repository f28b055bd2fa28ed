namespace Gantry.Core;

/// <summary>Where a finding must be fixed: the package came with the base image, or the application's own layers brought it.</summary>
public enum RemediationTarget
{
    Application,
    BaseImage,
}

/// <summary>What fixes a finding: the version(s) to move to and which part of the image has to change to get there.</summary>
/// <param name="Package">The vulnerable package's name, for the hint.</param>
/// <param name="FixedVersions">The versions the record says fix it; empty while there is none.</param>
public sealed record Remediation(RemediationTarget Target, string Package, IReadOnlyList<string> FixedVersions)
{
    /// <summary>
    /// A package a base-image layer brought cannot be upgraded for good in the application's layers (the next rebuild
    /// on the same base brings it back), so the base image must be rebuilt or updated; anything else is upgraded where it is.
    /// </summary>
    public static Remediation For(Finding finding, LayerOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(origin);
        return new(origin.InBaseImage ? RemediationTarget.BaseImage : RemediationTarget.Application, finding.Package.Name, finding.FixedVersions);
    }

    public bool HasFix => FixedVersions.Count > 0;

    /// <summary>The advice in one sentence.</summary>
    public string Hint => (Target, HasFix) switch
    {
        (RemediationTarget.BaseImage, true) => $"rebuild or update the base image to one with {Package} {Versions}",
        (RemediationTarget.BaseImage, false) => $"no fixed version of {Package} yet; rebuild or update the base image once one is published",
        (_, true) => $"upgrade {Package} to {Versions} in the application layer",
        _ => $"no fixed version of {Package} yet",
    };

    private string Versions => string.Join(" or ", FixedVersions);
}
