using Gantry.Core;
using Gantry.Engine.Sources;
using Gantry.Images.Registry;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;

namespace Gantry.Engine.Trust;

/// <summary>
/// Docker Content Trust (Notary v1) for images in a registry: <c>trust sign|inspect|revoke|key|signer</c> and
/// <c>verify --trust-server</c>. The GUN is the image's repository name; a tag is signed as the SHA-256 and size of
/// the exact manifest (or index) bytes the registry serves for it.
/// </summary>
public sealed class TrustOperations(TimeProvider clock)
{
    /// <summary>Publishes TAG → the registry's manifest, initializing a new repository as docker does; the result is read back and verified.</summary>
    public Task<TrustSignReport> SignAsync(string image, TrustAccess trust, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return SignAsync(image, trust, registry.ToOptions(clock), cancellationToken);
    }

    /// <summary>The same, for the gate, which already holds the evaluation's registry options.</summary>
    internal async Task<TrustSignReport> SignAsync(string image, TrustAccess trust, RegistryOptions registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var (reference, tag) = TaggedReference(image);
        var manifest = await ManifestAsync(reference, tag, registry, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidInputException($"{image}: no such tag in the registry; push the image before signing it");
        using var server = trust.Connect(registry);
        var published = await new TrustPublisher(server, trust.Directory, trust.Passphrases, clock)
            .SignAsync(reference.RepositoryName, tag, FileMeta.Of(manifest.Bytes), cancellationToken).ConfigureAwait(false);
        var signed = published.Repository.ReleasedTarget(tag);
        if (signed is null || signed.Digest != manifest.Digest.ToString() || signed.Meta.Length != manifest.Bytes.LongLength)
        {
            throw new TrustVerificationException($"{reference.RepositoryName}:{tag}: the server accepted the signature but serves {signed?.Digest ?? "no such tag"}");
        }

        return new TrustSignReport(reference.RepositoryName, tag, manifest.Digest, manifest.Bytes.LongLength, published.Role, published.Version, published.Initialized);
    }

    /// <summary>The TUF chain from the pinned root, then the tag's signed digest and size against the registry's; a failed check is a reason, not an exception.</summary>
    public Task<TrustVerifyReport> VerifyAsync(string image, TrustAccess trust, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return VerifyAsync(image, trust, registry.ToOptions(clock), cancellationToken);
    }

    /// <summary>The same, for the gate and the base image check, which already hold the evaluation's registry options.</summary>
    internal async Task<TrustVerifyReport> VerifyAsync(string image, TrustAccess trust, RegistryOptions registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var (reference, tag) = TaggedReference(image);
        var gun = reference.RepositoryName;
        var manifest = await ManifestAsync(reference, tag, registry, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return new TrustVerifyReport(gun, tag, null, null, null, null, null, [], $"{gun}:{tag} does not exist in the registry");
        }

        TrustedRepository? repository;
        try
        {
            using var server = trust.Connect(registry);
            repository = await new TrustDataReader(server, trust.Directory, clock).ReadAsync(gun, cancellationToken).ConfigureAwait(false);
        }
        catch (TrustVerificationException ex)
        {
            return new TrustVerifyReport(gun, tag, null, null, null, manifest.Digest, manifest.Bytes.LongLength, [], ex.Message);
        }

        var signed = repository?.ReleasedTarget(tag);
        var reason = (repository, signed) switch
        {
            (null, _) => $"not signed: {gun} has no trust data on {trust.Server}",
            (_, null) => $"not signed: {gun} lists no tag '{tag}' in targets or targets/releases",
            _ when signed.Digest != manifest.Digest.ToString() || signed.Meta.Length != manifest.Bytes.LongLength =>
                $"digest differs: {gun}:{tag} is signed as {signed.Digest} ({signed.Meta.Length} bytes), the registry serves {manifest.Digest} ({manifest.Bytes.LongLength} bytes)",
            _ => null,
        };
        return new TrustVerifyReport(gun, tag, signed?.Digest, signed?.Meta.Length, signed?.Role, manifest.Digest, manifest.Bytes.LongLength,
            repository?.Warnings ?? [], reason);
    }

    /// <summary><c>docker trust inspect</c>'s view of the image's repository (only its tag when it names one), or null when it has no trust data.</summary>
    public async Task<TrustInspection?> InspectAsync(string image, TrustAccess trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var reference = Parse(image);
        using var server = trust.Connect();
        var repository = await new TrustDataReader(server, trust.Directory, clock).ReadAsync(reference.RepositoryName, cancellationToken).ConfigureAwait(false);
        var namedTag = ImageReferenceParts.Split(WithoutPrefix(image), ImageReferenceParts.LooksLikeHost).Tag;
        return repository is null ? null : TrustInspection.From(image, repository, namedTag);
    }

    public async Task<TrustPublishReport> RevokeAsync(string image, TrustAccess trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var (reference, tag) = TaggedReference(image);
        using var server = trust.Connect();
        var result = await new TrustPublisher(server, trust.Directory, trust.Passphrases, clock)
            .RevokeAsync(reference.RepositoryName, tag, cancellationToken).ConfigureAwait(false);
        return Report(reference.RepositoryName, result);
    }

    /// <summary>Adds the signer's keys to <c>targets/NAME</c> and <c>targets/releases</c>, initializing a new repository first.</summary>
    public async Task<TrustPublishReport> AddSignerAsync(string image, string signer, IReadOnlyList<string> publicKeyFiles, TrustAccess trust,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(publicKeyFiles);
        var keys = publicKeyFiles.Select(TrustKeys.ReadPublicKey).ToList();
        var gun = Parse(image).RepositoryName;
        using var server = trust.Connect();
        var result = await new TrustPublisher(server, trust.Directory, trust.Passphrases, clock).AddSignerAsync(gun, signer, keys, cancellationToken)
            .ConfigureAwait(false);
        return Report(gun, result);
    }

    /// <summary>A new signer key in the trust dir; its public key is written to <c>FOLDER/NAME.pub</c>.</summary>
    public TrustKeyReport GenerateKey(string trustDirectory, string name, string publicKeyFolder, Func<TrustPassphraseRequest, string> passphrase)
    {
        var key = TrustKeys.Generate(new TrustDirectory(trustDirectory), name, publicKeyFolder, TrustAccess.PassphrasesOf(passphrase));
        return new TrustKeyReport(key.Name, key.KeyId, key.PublicKeyPath);
    }

    /// <summary>Imports a private key file into the trust dir as signer <paramref name="name"/>.</summary>
    public TrustKeyReport LoadKey(string trustDirectory, string path, string name, Func<TrustPassphraseRequest, string> passphrase)
    {
        var key = TrustKeys.Load(new TrustDirectory(trustDirectory), path, name, TrustAccess.PassphrasesOf(passphrase));
        return new TrustKeyReport(key.Name, key.KeyId, key.PublicKeyPath);
    }

    private static TrustPublishReport Report(string gun, PublishResult result) => new(gun, result.Role, result.Version, result.Initialized);

    /// <summary>The exact manifest (or index) bytes the registry serves for the tag: what Docker Content Trust signs.</summary>
    private static async Task<RegistryManifest?> ManifestAsync(ImageReference reference, string tag, RegistryOptions registry, CancellationToken cancellationToken)
    {
        using var artifacts = new RegistryArtifacts(registry);
        return await artifacts.TryGetManifestAsync(reference, tag, cancellationToken).ConfigureAwait(false);
    }

    private static (ImageReference Reference, string Tag) TaggedReference(string image)
    {
        var reference = Parse(image);
        return reference.Digest is null
            ? (reference, reference.Tag ?? "latest")
            : throw new InvalidInputException($"{image}: Docker Content Trust signs tags; name a tag, not a digest");
    }

    private static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        return ImageReference.Parse(WithoutPrefix(image));
    }

    private static string WithoutPrefix(string image) => image.StartsWith("registry:", StringComparison.Ordinal) ? image["registry:".Length..] : image;
}
