using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Notary;

/// <summary>What a publish changed: the role written, its new version, and the repository as read back and verified afterwards.</summary>
public sealed record PublishResult(string Role, int Version, bool Initialized, TrustedRepository Repository);

/// <summary>
/// Publishes to a notary repository as docker does (NOTARY.md section 7): a new repository gets a root (the trust
/// dir's shared root key, a certificate for this GUN), a targets key of its own and the server's snapshot and
/// timestamp keys; then one role file is changed, signed with the held keys and posted (with a snapshot when the
/// trust dir holds the snapshot key). Every publish is read back and verified: a file the server accepted but cannot
/// serve is an error.
/// </summary>
public sealed class TrustPublisher(NotaryServerClient server, TrustDirectory trustDirectory, TrustPassphrases passphrases, TimeProvider clock)
{
    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan TargetsLifetime = TimeSpan.FromDays(3 * 365);
    private const int Attempts = 3;

    private readonly TrustDataReader _reader = new(server, trustDirectory, clock);

    /// <summary>Signs <paramref name="tag"/> → <paramref name="target"/> into <c>targets/releases</c> when that delegation exists and its key is held, else into <c>targets</c>.</summary>
    public Task<PublishResult> SignAsync(string gun, string tag, FileMeta target, CancellationToken cancellationToken) =>
        PublishAsync(gun, repository => ReleaseRole(repository, tag), body => body with { Targets = With(body.Targets, tag, target) },
            initial: body => body with { Targets = With(body.Targets, tag, target) }, cancellationToken);

    /// <summary>Removes <paramref name="tag"/> from the released role that lists it and whose key is held.</summary>
    public Task<PublishResult> RevokeAsync(string gun, string tag, CancellationToken cancellationToken) =>
        PublishAsync(gun,
            repository => repository.ReleasedTarget(tag)?.Role ?? throw new InvalidInputException($"{gun}:{tag} is not signed; nothing to revoke"),
            body => body with { Targets = Without(body.Targets, tag) }, initial: null, cancellationToken);

    /// <summary>
    /// <c>docker trust signer add</c>: delegations <c>targets/NAME</c> and <c>targets/releases</c>, each with the
    /// signer's keys added, in the targets file (signed with the repository's targets key).
    /// </summary>
    public Task<PublishResult> AddSignerAsync(string gun, string signer, IReadOnlyList<TufKey> keys, CancellationToken cancellationToken)
    {
        TrustKeys.RequireName(signer);
        var name = RoleNames.Targets + "/" + signer;
        TargetsMetadata Add(TargetsMetadata body) => WithDelegation(WithDelegation(body, name, keys), RoleNames.Releases, keys);
        return PublishAsync(gun, _ => RoleNames.Targets, Add, initial: Add, cancellationToken);
    }

    private async Task<PublishResult> PublishAsync(string gun, Func<TrustedRepository, string> chooseRole, Func<TargetsMetadata, TargetsMetadata> change,
        Func<TargetsMetadata, TargetsMetadata>? initial, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var repository = await _reader.ReadAsync(gun, cancellationToken).ConfigureAwait(false);
                if (repository is null)
                {
                    if (initial is null)
                    {
                        throw new InvalidInputException($"{gun}: has no trust data on {server.Server}; nothing to change");
                    }

                    await InitializeAsync(gun, initial, cancellationToken).ConfigureAwait(false);
                    return new PublishResult(RoleNames.Targets, 1, Initialized: true, await ReadBackAsync(gun, cancellationToken).ConfigureAwait(false));
                }

                var role = chooseRole(repository);
                var version = await PublishRoleAsync(repository, role, change, cancellationToken).ConfigureAwait(false);
                return new PublishResult(role, version, Initialized: false, await ReadBackAsync(gun, cancellationToken).ConfigureAwait(false));
            }
            catch (NotaryServerException ex) when (ex.Code == "VERSION" && attempt < Attempts)
            {
                // Someone published between our read and our post: read again and redo the change on top of theirs.
            }
        }
    }

    private async Task<int> PublishRoleAsync(TrustedRepository repository, string role, Func<TargetsMetadata, TargetsMetadata> change,
        CancellationToken cancellationToken)
    {
        var keys = RoleKeysOf(repository, role);
        var signers = trustDirectory.Signers(keys, TrustKeyKind.Repository, passphrases);
        if (signers.Count == 0)
        {
            throw new InvalidInputException($"{repository.Gun}: {trustDirectory.Root} holds no key of role {role}; it cannot sign this repository");
        }

        var now = clock.GetUtcNow();
        var current = repository.RoleBody(role) ?? TargetsMetadata.Empty(now);
        var body = change(current) with { Version = current.Version + 1, Expires = Whole(now + TargetsLifetime) };
        var file = Sign(body.ToJson(), signers);
        var files = new List<KeyValuePair<string, byte[]>> { new(role, file.Bytes) };
        var snapshotSigners = trustDirectory.Signers(repository.Root.KeysOf(RoleNames.Snapshot), TrustKeyKind.Repository, passphrases);
        if (snapshotSigners.Count > 0)
        {
            // notary init's default: the client holds the snapshot key, so it must post the snapshot that lists the new file.
            var meta = repository.Snapshot.Meta.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            meta[role] = FileMeta.Of(file.Bytes);
            var snapshot = new SnapshotMetadata(repository.Snapshot.Version + 1, Whole(now + TargetsLifetime), meta);
            files.Add(new(RoleNames.Snapshot, Sign(snapshot.ToJson(), snapshotSigners).Bytes));
        }

        await server.PublishAsync(repository.Gun, files, cancellationToken).ConfigureAwait(false);
        return body.Version;
    }

    /// <summary>docker's init: reuse the trust dir's root key (first by ID) or make one; a new targets key; the server's snapshot and timestamp keys.</summary>
    private async Task InitializeAsync(string gun, Func<TargetsMetadata, TargetsMetadata> initial, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var timestampKey = ParseServerKey(await server.GetServerKeyAsync(gun, RoleNames.Timestamp, cancellationToken).ConfigureAwait(false), RoleNames.Timestamp);
        var snapshotKey = ParseServerKey(await server.GetServerKeyAsync(gun, RoleNames.Snapshot, cancellationToken).ConfigureAwait(false), RoleNames.Snapshot);

        using var rootKey = LoadOrCreateRootKey();
        using var targetsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        trustDirectory.Save(targetsKey, RoleNames.Targets, gun, TrustKeyKind.Repository, passphrases);
        using var certificate = RootCertificate.Create(rootKey, gun, now);
        var rootPublic = TufKey.FromCertificate(certificate);
        var targetsPublic = TufKey.FromEcdsa(targetsKey);

        var root = new RootMetadata(1, Whole(now + RootLifetime),
            new Dictionary<string, TufKey>
            {
                [rootPublic.Id] = rootPublic,
                [targetsPublic.Id] = targetsPublic,
                [snapshotKey.Id] = snapshotKey,
                [timestampKey.Id] = timestampKey,
            },
            new Dictionary<string, RoleKeys>
            {
                [RoleNames.Root] = new([rootPublic.Id], 1),
                [RoleNames.Snapshot] = new([snapshotKey.Id], 1),
                [RoleNames.Targets] = new([targetsPublic.Id], 1),
                [RoleNames.Timestamp] = new([timestampKey.Id], 1),
            });
        var targets = initial(TargetsMetadata.Empty(now)) with { Version = 1, Expires = Whole(now + TargetsLifetime) };
        await server.PublishAsync(gun,
        [
            new(RoleNames.Root, Sign(root.ToJson(), [new TufSigner(rootKey, rootPublic.Id)]).Bytes),
            new(RoleNames.Targets, Sign(targets.ToJson(), [new TufSigner(targetsKey, targetsPublic.Id)]).Bytes),
        ], cancellationToken).ConfigureAwait(false);
    }

    private ECDsa LoadOrCreateRootKey()
    {
        var existing = trustDirectory.Keys().Where(k => k.Role == RoleNames.Root).OrderBy(k => k.CanonicalId, StringComparer.Ordinal).FirstOrDefault();
        if (existing is not null)
        {
            return TrustDirectory.Load(existing, TrustKeyKind.Root, passphrases);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        trustDirectory.Save(key, RoleNames.Root, gun: null, TrustKeyKind.Root, passphrases);
        return key;
    }

    private async Task<TrustedRepository> ReadBackAsync(string gun, CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ReadAsync(gun, cancellationToken).ConfigureAwait(false)
                   ?? throw new TrustVerificationException($"{gun}: the server has no trust data after the publish");
        }
        catch (TrustVerificationException ex)
        {
            throw new TrustVerificationException($"the server accepted the publish but cannot serve it: {ex.Message}");
        }
    }

    /// <summary>The role Gantry signs tags into: <c>targets/releases</c> when it exists, allows the tag and a key of it is held; else <c>targets</c>.</summary>
    private string ReleaseRole(TrustedRepository repository, string tag) =>
        repository.DelegationOf(RoleNames.Releases) is { } releases && releases.Role.Allows(tag) && trustDirectory.Holds(releases.Keys)
            ? RoleNames.Releases
            : RoleNames.Targets;

    private static IReadOnlyDictionary<string, TufKey> RoleKeysOf(TrustedRepository repository, string role) =>
        role == RoleNames.Targets
            ? repository.Root.KeysOf(RoleNames.Targets)
            : repository.DelegationOf(role)?.Keys ?? throw new InvalidInputException($"{repository.Gun}: has no delegation {role}");

    private static SignedMetadata Sign(System.Text.Json.Nodes.JsonObject body, IEnumerable<TufSigner> signers) => SignedMetadata.Create(body, signers);

    private static TufKey ParseServerKey(byte[] bytes, string role)
    {
        try
        {
            return TufKey.Parse(System.Text.Json.Nodes.JsonNode.Parse(bytes), $"the server's {role} key");
        }
        catch (Exception ex) when (ex is TufFormatException or System.Text.Json.JsonException)
        {
            throw new TrustVerificationException($"the server's {role} key is not a TUF key ({ex.Message})");
        }
    }

    private static Dictionary<string, FileMeta> With(IReadOnlyDictionary<string, FileMeta> targets, string tag, FileMeta meta) =>
        new(targets, StringComparer.Ordinal) { [tag] = meta };

    private static Dictionary<string, FileMeta> Without(IReadOnlyDictionary<string, FileMeta> targets, string tag) =>
        targets.Where(t => t.Key != tag).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static TargetsMetadata WithDelegation(TargetsMetadata body, string name, IReadOnlyList<TufKey> keys)
    {
        var allKeys = body.DelegationKeys.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            allKeys[key.Id] = key;
        }

        var existing = body.Delegation(name);
        var keyIds = (existing?.Keys.KeyIds ?? []).Concat(keys.Select(k => k.Id)).Distinct(StringComparer.Ordinal).ToList();
        var role = new DelegatedRole(name, new RoleKeys(keyIds, existing?.Keys.Threshold ?? 1), existing?.Paths ?? [string.Empty]);
        return body with
        {
            DelegationKeys = allKeys,
            Delegations = [.. body.Delegations.Where(d => d.Name != name), role],
        };
    }

    /// <summary>Whole seconds, so <c>expires</c> carries no fraction (see <see cref="TufJson.FormatTime"/>).</summary>
    private static DateTimeOffset Whole(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
