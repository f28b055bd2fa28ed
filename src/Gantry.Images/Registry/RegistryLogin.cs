namespace Gantry.Images.Registry;

/// <summary>Checks that a registry accepts a set of credentials before a service stores them.</summary>
public static class RegistryLogin
{
    /// <summary>
    /// Logs in to <paramref name="registry"/> (<c>host[:port]</c>, optionally followed by a path, which a login ignores) with
    /// <see cref="RegistryOptions.Credential"/>; throws an <see cref="Core.EnvironmentException"/> saying why it failed.
    /// </summary>
    public static async Task CheckAsync(string registry, RegistryOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var client = new RegistryClient(options);
        await client.PingAsync(registry.Split('/')[0], cancellationToken).ConfigureAwait(false);
    }
}
