using Gantry.Core.Http;

namespace Gantry.Images.Registry;

/// <summary>How to reach registries: credentials, transport security, retry budget and upload sizes.</summary>
public sealed record RegistryOptions
{
    public static readonly RegistryOptions Default = new();

    /// <summary>Explicit credentials (from --username/--password-stdin or the environment); they win over the docker config.</summary>
    public RegistryCredential? Credential { get; init; }

    /// <summary>Registries (<c>host</c> or <c>host:port</c>) reached over plain HTTP instead of TLS.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>A PEM file of extra CA certificates trusted for registry TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>The docker CLI config to read credentials from; null means $DOCKER_CONFIG/config.json or ~/.docker/config.json.</summary>
    public string? DockerConfigPath { get; init; }

    /// <summary>False: never read a docker config (a service's accounts get only the credentials they stored).</summary>
    public bool ReadDockerConfig { get; init; } = true;

    /// <summary>Retries of transient failures (connection reset, 429, 5xx) through the shared HTTP retry pipeline.</summary>
    public HttpRetryOptions Retry { get; init; } = HttpRetryOptions.Default;

    /// <summary>Blobs up to this size are uploaded in one PUT; larger ones in PATCH chunks.</summary>
    public long MonolithicUploadLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>The size of one PATCH chunk in a chunked upload.</summary>
    public long UploadChunkSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>The clock token expiry and the waits between retries run on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public bool IsInsecure(string registry)
    {
        var host = registry.Split(':')[0];
        return InsecureRegistries.Any(r => string.Equals(r, registry, StringComparison.OrdinalIgnoreCase)
            || (!r.Contains(':', StringComparison.Ordinal) && string.Equals(r, host, StringComparison.OrdinalIgnoreCase)));
    }
}

/// <summary>A user name and secret for one registry. The secret never appears in <see cref="ToString"/>.</summary>
public sealed record RegistryCredential(string Username, string Secret)
{
    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}
