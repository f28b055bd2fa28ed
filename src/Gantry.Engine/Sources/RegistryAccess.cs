using Gantry.Core.Http;
using Gantry.Images.Registry;

namespace Gantry.Engine.Sources;

/// <summary>
/// How a host reaches registries: explicit credentials (else the docker config), hosts reached over plain HTTP, extra CA
/// certificates. The password never appears in <see cref="ToString"/>.
/// </summary>
public sealed record RegistryAccess
{
    public static readonly RegistryAccess Default = new();

    /// <summary>The user name of explicit credentials; they win over the docker config.</summary>
    public string? Username { get; init; }

    /// <summary>The password or token that goes with <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Registries (<c>host</c> or <c>host:port</c>) reached over plain HTTP instead of TLS.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>A PEM file of extra CA certificates trusted for registry TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>False for a service: an account gets only the credentials it stored, never the host user's docker config.</summary>
    public bool ReadDockerConfig { get; init; } = true;

    /// <summary>Retries of transient failures; null keeps the CLI's patient default.</summary>
    public HttpRetryOptions? Retry { get; init; }

    public override string ToString() => $"RegistryAccess {{ Username = {Username}, InsecureRegistries = [{string.Join(", ", InsecureRegistries)}], CaFile = {CaFile}, ReadDockerConfig = {ReadDockerConfig} }}";

    internal RegistryOptions ToOptions(TimeProvider clock) => new()
    {
        Credential = Username is null ? null : new RegistryCredential(Username, Password ?? string.Empty),
        InsecureRegistries = InsecureRegistries,
        CaFile = CaFile,
        ReadDockerConfig = ReadDockerConfig,
        Retry = Retry ?? HttpRetryOptions.Default,
        Clock = clock,
    };
}
