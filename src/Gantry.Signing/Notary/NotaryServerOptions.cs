using Gantry.Images.Registry;

namespace Gantry.Signing.Notary;

/// <summary>How to reach one notary-server (Notary v1): its URL, how far to trust the transport, and the login an auth-enabled server asks for.</summary>
public sealed record NotaryServerOptions(Uri Server)
{
    /// <summary>A PEM bundle of extra CAs trusted for https, for a server behind a private CA.</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// Allows plain http to a host that is not loopback (<c>--trust-insecure</c>). Off by default: TUF metadata is signed,
    /// but a network attacker could still withhold updates or learn which images are pulled.
    /// </summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>The longest one exchange (request, answer and body) may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The login answering the server's 401 challenge (docker uses the registry's login for its notary); null means the
    /// docker config's credentials for the server's host. The secret never appears in <see cref="object.ToString"/>.
    /// </summary>
    public RegistryCredential? Credential { get; init; }

    /// <summary>False: never read a docker config for credentials (a service, or a test that must not see the user's logins).</summary>
    public bool ReadDockerConfig { get; init; } = true;

    /// <summary>The docker CLI config to read credentials from; null means $DOCKER_CONFIG/config.json or ~/.docker/config.json.</summary>
    public string? DockerConfigPath { get; init; }
}
