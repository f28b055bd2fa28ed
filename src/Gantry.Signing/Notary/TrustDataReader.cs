using System.Text.Json.Nodes;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Notary;

/// <summary>
/// Downloads a repository's trust data and verifies it as notary's client does (NOTARY.md section 6): root from the
/// pinned root (trust on first use; a new root only when a threshold of the pinned root's keys signed it), then
/// timestamp → snapshot → targets → delegations, each by the length and hashes its parent lists, signatures and
/// thresholds, expiry and version rollback against the trust dir's cache. The cache is written only when all of it
/// verified.
/// </summary>
public sealed class TrustDataReader(NotaryServerClient server, TrustDirectory trustDirectory, TimeProvider clock)
{
    /// <summary>A bound on delegations followed, so a hostile targets file cannot make the client walk forever.</summary>
    private const int MaxDelegations = 64;

    /// <summary>The verified repository, or null when the server has no trust data for <paramref name="gun"/> (and none is pinned).</summary>
    public async Task<TrustedRepository?> ReadAsync(string gun, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pinnedBytes = trustDirectory.ReadMetadata(gun, RoleNames.Root);
        var rootBytes = await server.GetMetadataAsync(gun, RoleNames.Root, null, NotaryServerClient.MaxRootBytes, cancellationToken).ConfigureAwait(false);
        if (rootBytes is null)
        {
            return pinnedBytes is null
                ? null
                : throw new TrustVerificationException($"{gun}: the server has no trust data, but a root is pinned in {trustDirectory.Root} (was the repository deleted?)");
        }

        var (root, rootFile) = await TrustRootAsync(gun, pinnedBytes, rootBytes, now, cancellationToken).ConfigureAwait(false);

        var timestampFile = Parse(await Download(gun, RoleNames.Timestamp, null, NotaryServerClient.MaxTimestampBytes, cancellationToken).ConfigureAwait(false), RoleNames.Timestamp);
        var timestamp = Checked(TimestampMetadata.Parse, timestampFile, RoleNames.Timestamp);
        RequireSigned(timestampFile, root.KeysOf(RoleNames.Timestamp), root.Role(RoleNames.Timestamp).Threshold, RoleNames.Timestamp);
        RequireCurrent(gun, RoleNames.Timestamp, timestamp.Version, timestamp.Expires, now);

        var snapshotFile = await DownloadListed(gun, RoleNames.Snapshot, timestamp.Snapshot, cancellationToken).ConfigureAwait(false);
        var snapshot = Checked(SnapshotMetadata.Parse, snapshotFile, RoleNames.Snapshot);
        RequireSigned(snapshotFile, root.KeysOf(RoleNames.Snapshot), root.Role(RoleNames.Snapshot).Threshold, RoleNames.Snapshot);
        RequireCurrent(gun, RoleNames.Snapshot, snapshot.Version, snapshot.Expires, now);

        var targetsFile = await DownloadListed(gun, RoleNames.Targets, snapshot.Meta[RoleNames.Targets], cancellationToken).ConfigureAwait(false);
        var targets = Checked(s => TargetsMetadata.Parse(s, RoleNames.Targets), targetsFile, RoleNames.Targets);
        RequireSigned(targetsFile, root.KeysOf(RoleNames.Targets), root.Role(RoleNames.Targets).Threshold, RoleNames.Targets);
        RequireCurrent(gun, RoleNames.Targets, targets.Version, targets.Expires, now);

        var warnings = new List<string>();
        var delegations = await ReadDelegationsAsync(gun, targets, snapshot, now, warnings, cancellationToken).ConfigureAwait(false);

        trustDirectory.WriteMetadata(gun, RoleNames.Root, rootFile.Bytes);
        trustDirectory.WriteMetadata(gun, RoleNames.Timestamp, timestampFile.Bytes);
        trustDirectory.WriteMetadata(gun, RoleNames.Snapshot, snapshotFile.Bytes);
        trustDirectory.WriteMetadata(gun, RoleNames.Targets, targetsFile.Bytes);
        foreach (var (name, delegation) in delegations)
        {
            trustDirectory.WriteMetadata(gun, name, delegation.File.Bytes);
        }

        return new TrustedRepository(gun, root, rootFile, timestamp, snapshot, snapshotFile, targets, targetsFile, delegations, warnings);
    }

    /// <summary>
    /// The root to trust: the downloaded one when nothing is pinned (checked against itself), the pinned one when they
    /// are the same bytes, else a rotation: every version after the pinned one must be signed by a threshold of the
    /// previous root's keys and of its own.
    /// </summary>
    private async Task<(RootMetadata Root, SignedMetadata File)> TrustRootAsync(string gun, byte[]? pinnedBytes, byte[] rootBytes, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var downloaded = Parse(rootBytes, RoleNames.Root);
        var candidate = Checked(RootMetadata.Parse, downloaded, RoleNames.Root);
        if (pinnedBytes is null)
        {
            RequireValidRoot(gun, candidate, downloaded, now);
            return (candidate, downloaded);
        }

        RootMetadata pinned;
        try
        {
            pinned = RootMetadata.Parse(SignedMetadata.Parse(pinnedBytes, RoleNames.Root).Signed);
        }
        catch (TufFormatException ex)
        {
            throw new TrustVerificationException($"{gun}: the pinned root in {trustDirectory.Root} is not valid ({ex.Message}); remove it to trust the server's root again");
        }

        if (pinnedBytes.AsSpan().SequenceEqual(rootBytes))
        {
            RequireNotExpired(gun, RoleNames.Root, pinned.Expires, now);
            return (pinned, downloaded);
        }

        if (candidate.Version <= pinned.Version)
        {
            throw new TrustVerificationException(candidate.Version < pinned.Version
                ? $"{gun}: root version {candidate.Version} rolls back the pinned version {pinned.Version}"
                : $"{gun}: root changed: the server's root differs from the one pinned in {trustDirectory.Root} and is not a rotation signed by it");
        }

        var trusted = pinned;
        for (var version = pinned.Version + 1; version <= candidate.Version; version++)
        {
            var file = version == candidate.Version
                ? downloaded
                : Parse(await server.GetRootVersionAsync(gun, version, NotaryServerClient.MaxRootBytes, cancellationToken).ConfigureAwait(false)
                        ?? throw new TrustVerificationException($"{gun}: root changed: version {version} between the pinned and the new root is missing"), RoleNames.Root);
            var next = Checked(RootMetadata.Parse, file, RoleNames.Root);
            if (next.Version != version || file.ValidSignatureCount(trusted.KeysOf(RoleNames.Root)) < trusted.Role(RoleNames.Root).Threshold)
            {
                throw new TrustVerificationException($"{gun}: root changed: the server's root (version {candidate.Version}) is not signed by the pinned root's keys; refusing it (potential malicious behavior)");
            }

            RequireValidRoot(gun, next, file, now);
            trusted = next;
        }

        return (trusted, downloaded);
    }

    private static void RequireValidRoot(string gun, RootMetadata root, SignedMetadata file, DateTimeOffset now)
    {
        var keys = root.KeysOf(RoleNames.Root);
        var problem = keys.Values.Select(k => RootCertificate.Problem(k, gun, now, checkValidity: true)).FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            throw new TrustVerificationException($"{gun}: {problem}");
        }

        RequireSigned(file, keys, root.Role(RoleNames.Root).Threshold, RoleNames.Root);
        RequireNotExpired(gun, RoleNames.Root, root.Expires, now);
    }

    private async Task<Dictionary<string, VerifiedDelegation>> ReadDelegationsAsync(string gun, TargetsMetadata targets, SnapshotMetadata snapshot,
        DateTimeOffset now, List<string> warnings, CancellationToken cancellationToken)
    {
        var verified = new Dictionary<string, VerifiedDelegation>(StringComparer.Ordinal);
        var pending = new Queue<(TargetsMetadata Parent, DelegatedRole? ParentRole)>([(targets, null)]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var delegated in parent.Parent.Delegations)
            {
                if (verified.ContainsKey(delegated.Name) || !snapshot.Meta.TryGetValue(delegated.Name, out var meta))
                {
                    continue; // not published yet: a delegation has no file until something is signed into it
                }

                if (verified.Count >= MaxDelegations)
                {
                    throw new TrustVerificationException($"{gun}: more than {MaxDelegations} delegations");
                }

                var role = delegated.RestrictTo(parent.ParentRole);
                var file = await DownloadListed(gun, delegated.Name, meta, cancellationToken).ConfigureAwait(false);
                var body = Checked(s => TargetsMetadata.Parse(s, delegated.Name), file, delegated.Name);
                RequireNotRolledBack(gun, delegated.Name, body.Version);
                if (file.ValidSignatureCount(parent.Parent.KeysOf(delegated)) < delegated.Keys.Threshold || body.Expires <= now)
                {
                    // notary skips such a delegation with a warning; its tags then do not count.
                    warnings.Add($"{delegated.Name}: {(body.Expires <= now ? $"expired {TufJson.FormatTime(body.Expires)}" : "signature threshold not met")}; its targets are ignored");
                    continue;
                }

                verified[delegated.Name] = new VerifiedDelegation(role, body, file);
                pending.Enqueue((body, role));
            }
        }

        return verified;
    }

    private async Task<SignedMetadata> DownloadListed(string gun, string role, FileMeta meta, CancellationToken cancellationToken)
    {
        if (meta.Sha256 is null)
        {
            // A snapshot must list sha256 only for root and targets; a delegation listed by sha512 alone has no consistent name to fetch.
            throw new TrustVerificationException($"{gun}: {role}: its parent lists no sha256 for it (Gantry verifies every file by sha256)");
        }

        var bytes = await Download(gun, role, Convert.ToHexStringLower(meta.Sha256!), meta.Length, cancellationToken).ConfigureAwait(false);
        var mismatch = meta.Mismatch(bytes);
        return mismatch is null
            ? Parse(bytes, role)
            : throw new TrustVerificationException($"{gun}: {role}: {mismatch} by its parent (tampered or truncated)");
    }

    private async Task<byte[]> Download(string gun, string role, string? sha256Hex, long maxLength, CancellationToken cancellationToken) =>
        await server.GetMetadataAsync(gun, role, sha256Hex, maxLength, cancellationToken).ConfigureAwait(false)
        ?? throw new TrustVerificationException($"{gun}: the server has no {role} file{(sha256Hex is null ? string.Empty : $" with sha256 {sha256Hex[..12]}…")} (its trust data is incomplete)");

    private static SignedMetadata Parse(byte[] bytes, string role)
    {
        try
        {
            return SignedMetadata.Parse(bytes, role);
        }
        catch (TufFormatException ex)
        {
            throw new TrustVerificationException(ex.Message);
        }
    }

    private static T Checked<T>(Func<JsonObject, T> parse, SignedMetadata file, string role)
    {
        try
        {
            return parse(file.Signed);
        }
        catch (TufFormatException ex)
        {
            throw new TrustVerificationException(ex.Message.StartsWith(role, StringComparison.Ordinal) ? ex.Message : $"{role}: {ex.Message}");
        }
    }

    private static void RequireSigned(SignedMetadata file, IReadOnlyDictionary<string, TufKey> keys, int threshold, string role)
    {
        var valid = file.ValidSignatureCount(keys);
        if (valid < threshold)
        {
            throw new TrustVerificationException($"{role}: signature threshold not met ({valid} valid signature(s) by the role's keys, {threshold} needed)");
        }
    }

    private void RequireCurrent(string gun, string role, int version, DateTimeOffset expires, DateTimeOffset now)
    {
        RequireNotRolledBack(gun, role, version);
        RequireNotExpired(gun, role, expires, now);
    }

    private void RequireNotRolledBack(string gun, string role, int version)
    {
        var cached = trustDirectory.ReadMetadata(gun, role);
        if (cached is null)
        {
            return;
        }

        int cachedVersion;
        try
        {
            cachedVersion = (int)TufJson.Integer(SignedMetadata.Parse(cached, role).Signed, "version", role);
        }
        catch (TufFormatException)
        {
            return; // an unreadable cache is replaced by what verifies now
        }

        if (version < cachedVersion)
        {
            throw new TrustVerificationException($"{gun}: {role} version {version} rolls back version {cachedVersion} seen before");
        }
    }

    private static void RequireNotExpired(string gun, string role, DateTimeOffset expires, DateTimeOffset now)
    {
        if (expires <= now)
        {
            throw new TrustVerificationException($"{gun}: {role} expired on {TufJson.FormatTime(expires)}");
        }
    }
}
