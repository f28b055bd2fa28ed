using Gantry.Engine.Sources;
using Gantry.Signing.Notary;

namespace Gantry.Engine.Operations;

/// <summary><c>trust sign|inspect|revoke|key|signer</c> and <c>verify --trust-server</c>: Docker Content Trust (Notary v1) for images in a registry.</summary>
public sealed class TrustOperations(TimeProvider clock)
{
    /// <summary>Publishes TAG → the registry's manifest digest and size, initializing the repository when it is new, then reads it back verified.</summary>
    public Task<TrustSignResult> SignAsync(string image, NotaryTrust trust, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return ImageTrust.SignAsync(image, trust, registry.ToOptions(clock), clock, cancellationToken);
    }

    /// <summary>The TUF chain from the pinned root, and the tag's signed digest and size against the registry's.</summary>
    public Task<TrustVerifyResult> VerifyAsync(string image, NotaryTrust trust, RegistryAccess registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return ImageTrust.VerifyAsync(image, trust, registry.ToOptions(clock), clock, cancellationToken);
    }

    /// <summary><c>docker trust inspect</c>'s view of a repository (one tag when the image names one), or null when it has no trust data.</summary>
    public async Task<TrustInspection?> InspectAsync(string image, NotaryTrust trust, bool onlyNamedTag, CancellationToken cancellationToken)
    {
        var repository = await ImageTrust.ReadAsync(image, trust, clock, cancellationToken).ConfigureAwait(false);
        var tag = onlyNamedTag ? Images.Registry.ImageReference.Parse(image.StartsWith("registry:", StringComparison.Ordinal) ? image[9..] : image).Tag : null;
        return repository is null ? null : TrustInspection.From(image, repository, tag);
    }

    public Task<PublishResult> RevokeAsync(string image, NotaryTrust trust, CancellationToken cancellationToken) =>
        ImageTrust.RevokeAsync(image, trust, clock, cancellationToken);

    public SignerKey GenerateKey(string trustDirectory, string name, string publicKeyFolder, TrustPassphrases passphrases) =>
        TrustKeys.Generate(new TrustDirectory(trustDirectory), name, publicKeyFolder, passphrases);

    public SignerKey LoadKey(string trustDirectory, string path, string name, TrustPassphrases passphrases) =>
        TrustKeys.Load(new TrustDirectory(trustDirectory), path, name, passphrases);

    /// <summary>Adds the signer's keys to <c>targets/NAME</c> and <c>targets/releases</c> (initializing a new repository first).</summary>
    public Task<PublishResult> AddSignerAsync(string image, string signer, IReadOnlyList<string> publicKeyFiles, NotaryTrust trust, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publicKeyFiles);
        var keys = publicKeyFiles.Select(TrustKeys.ReadPublicKey).ToList();
        return ImageTrust.AddSignerAsync(image, signer, keys, trust, clock, cancellationToken);
    }
}
