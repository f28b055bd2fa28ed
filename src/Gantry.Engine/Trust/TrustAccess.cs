using Gantry.Images.Registry;
using Gantry.Signing.Notary;

namespace Gantry.Engine.Trust;

/// <summary>Which passphrase a host is asked for: the root key's or a repository key's (targets, snapshot, signer), and whether the key is new.</summary>
public sealed record TrustPassphraseRequest(bool IsRootKey, string KeyDescription, bool IsNewKey);

/// <summary>
/// Where Docker Content Trust data lives: the notary server, the trust dir (keys and pinned metadata, notary's
/// layout), TLS settings, the login an auth-enabled server asks for, and how the host gives key passphrases. The
/// passphrases and the password never appear in <see cref="ToString"/>.
/// </summary>
public sealed record TrustAccess(Uri Server, string TrustDirectory, Func<TrustPassphraseRequest, string> Passphrase)
{
    /// <summary>docker's default trust dir, <c>~/.docker/trust</c>, which notary reads with <c>-d</c>.</summary>
    public static string DefaultTrustDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "trust");

    /// <summary>A PEM file of CA certificates trusted for the server's TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>Plain http to a server that is not on loopback.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>
    /// The user name of an explicit notary login. Without one, the registry's explicit login is used where the operation
    /// has one (sign, verify, gate: docker answers its notary with the registry's login), else the docker config's for the server's host.
    /// </summary>
    public string? Username { get; init; }

    /// <summary>The password or token that goes with <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    public override string ToString() => $"TrustAccess {{ Server = {Server}, TrustDirectory = {TrustDirectory}, CaFile = {CaFile}, AllowInsecureHttp = {AllowInsecureHttp}, Username = {Username} }}";

    /// <summary>A client for the server; <paramref name="registry"/> lends its explicit login and docker config settings when this has no login.</summary>
    internal NotaryServerClient Connect(RegistryOptions? registry = null) => new(new NotaryServerOptions(Server)
    {
        CaFile = CaFile,
        AllowInsecureHttp = AllowInsecureHttp,
        Credential = Username is not null ? new RegistryCredential(Username, Password ?? string.Empty) : registry?.Credential,
        ReadDockerConfig = registry?.ReadDockerConfig ?? true,
        DockerConfigPath = registry?.DockerConfigPath,
    });

    internal TrustDirectory Directory => new(TrustDirectory);

    internal TrustPassphrases Passphrases => PassphrasesOf(Passphrase);

    internal static TrustPassphrases PassphrasesOf(Func<TrustPassphraseRequest, string> passphrase) =>
        (kind, description, creating) => passphrase(new TrustPassphraseRequest(kind == TrustKeyKind.Root, description, creating));
}
