using Gantry.Signing.Tuf;

namespace Gantry.Signing.Notary;

/// <summary>A delegation file that verified: the role as its parent delegates it (paths restricted), its body and exact bytes.</summary>
public sealed record VerifiedDelegation(DelegatedRole Role, TargetsMetadata Metadata, SignedMetadata File);

/// <summary>A signed tag: the role that lists it and its sha256 and length (the image manifest's digest and size).</summary>
public sealed record TrustedTarget(string Name, string Role, FileMeta Meta)
{
    public string DigestHex => Convert.ToHexStringLower(Meta.Sha256!);

    public string Digest => "sha256:" + DigestHex;
}

/// <summary>One repository's trust data after the whole TUF chain verified from the pinned root (NOTARY.md section 6).</summary>
public sealed record TrustedRepository(
    string Gun,
    RootMetadata Root,
    SignedMetadata RootFile,
    TimestampMetadata Timestamp,
    SnapshotMetadata Snapshot,
    SignedMetadata SnapshotFile,
    TargetsMetadata Targets,
    SignedMetadata TargetsFile,
    IReadOnlyDictionary<string, VerifiedDelegation> Delegations,
    IReadOnlyList<string> Warnings)
{
    /// <summary>docker's lookup: <c>targets/releases</c> first, then <c>targets</c>; no other role counts.</summary>
    public TrustedTarget? ReleasedTarget(string tag)
    {
        if (Delegations.TryGetValue(RoleNames.Releases, out var releases) && releases.Role.Allows(tag)
            && releases.Metadata.Targets.TryGetValue(tag, out var released) && released.Sha256 is not null)
        {
            return new TrustedTarget(tag, RoleNames.Releases, released);
        }

        return Targets.Targets.TryGetValue(tag, out var meta) && meta.Sha256 is not null ? new TrustedTarget(tag, RoleNames.Targets, meta) : null;
    }

    /// <summary>Every tag of the two released roles, each once (<c>targets/releases</c> wins).</summary>
    public IReadOnlyList<TrustedTarget> ReleasedTargets() =>
        Targets.Targets.Keys
            .Concat(Delegations.GetValueOrDefault(RoleNames.Releases)?.Metadata.Targets.Keys ?? [])
            .Distinct(StringComparer.Ordinal)
            .Select(ReleasedTarget)
            .OfType<TrustedTarget>()
            .ToList();

    /// <summary>The body of a targets role (top-level or delegation), or null when it has no verified file.</summary>
    public TargetsMetadata? RoleBody(string role) =>
        role == RoleNames.Targets ? Targets : Delegations.GetValueOrDefault(role)?.Metadata;

    /// <summary>The delegation of <paramref name="role"/> as its parent lists it (with its keys), or null.</summary>
    public (DelegatedRole Role, IReadOnlyDictionary<string, TufKey> Keys)? DelegationOf(string role)
    {
        var parent = RoleBody(RoleNames.Parent(role));
        return parent?.Delegation(role) is { } delegated ? (delegated, parent.KeysOf(delegated)) : null;
    }
}
