using Gantry.Core;

namespace Gantry.Engine.Trust;

/// <summary>What <c>trust sign</c> published: TAG → the manifest digest and size the registry serves, the role written and its version.</summary>
public sealed record TrustSignReport(string Gun, string Tag, Digest ManifestDigest, long ManifestSize, string Role, int Version, bool Initialized);

/// <summary>
/// What <c>verify --trust-server</c> found. <see cref="FailureReason"/> is null only when the TUF chain verified from
/// the pinned root and the tag is signed with exactly the registry's current digest and size.
/// </summary>
public sealed record TrustVerifyReport(string Gun, string Tag, string? SignedDigest, long? SignedSize, string? SignedRole, Digest? RegistryDigest,
    long? RegistrySize, IReadOnlyList<string> Warnings, string? FailureReason)
{
    public bool IsVerified => FailureReason is null;
}

/// <summary>What <c>trust revoke</c> or <c>trust signer add</c> changed: the role written and its new version.</summary>
public sealed record TrustPublishReport(string Gun, string Role, int Version, bool Initialized);

/// <summary>A signer key stored in the trust dir (<c>trust key generate|load</c>), with the public key file written beside it when there is one.</summary>
public sealed record TrustKeyReport(string Name, string KeyId, string? PublicKeyPath);
