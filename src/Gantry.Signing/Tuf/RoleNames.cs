using System.Text.RegularExpressions;

namespace Gantry.Signing.Tuf;

/// <summary>The four top-level TUF roles, docker's release delegation, and notary's rules for role names and GUNs.</summary>
public static partial class RoleNames
{
    public const string Root = "root";
    public const string Targets = "targets";
    public const string Snapshot = "snapshot";
    public const string Timestamp = "timestamp";

    /// <summary>The delegation docker signs tags into; with <c>targets</c> it is one of the two "released" roles.</summary>
    public const string Releases = "targets/releases";

    /// <summary>notary's rule: lowercase letters, digits, <c>-_/</c>, under <c>targets/</c>, a clean path, shorter than 256.</summary>
    public static bool IsDelegation(string name) =>
        name.Length < 256 && name.StartsWith(Targets + "/", StringComparison.Ordinal) && DelegationPattern().IsMatch(name)
        && !name.Contains("//", StringComparison.Ordinal) && !name.EndsWith('/')
        && !name.Split('/').Any(part => part is "." or "..");

    /// <summary>A top-level role or a delegation: the names a metadata file may have.</summary>
    public static bool IsRole(string name) => name is Root or Targets or Snapshot or Timestamp || IsDelegation(name);

    /// <summary>
    /// A GUN (<c>HOST[:PORT]/PATH</c>, as docker names a repository, or a bare name): printable, no whitespace, no empty
    /// or dot segments, so it can be both a URL path and a trust dir path.
    /// </summary>
    public static bool IsGun(string gun) => GunPattern().IsMatch(gun) && !gun.Split('/').Any(part => part is "." or "..");

    /// <summary>The delegation's parent role: <c>targets/a/b</c> → <c>targets/a</c>.</summary>
    public static string Parent(string delegation) => delegation[..delegation.LastIndexOf('/')];

    [GeneratedRegex("^[-a-z0-9_/]+$")]
    private static partial Regex DelegationPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._\-:\[\]]+(/[A-Za-z0-9._\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex GunPattern();
}
