using Gantry.Core.Http;
using Gantry.Engine.Sources;
using Gantry.Server.Configuration;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Images;

/// <summary>
/// How the service reaches one registry for one account: the account's stored credentials for it, and plain HTTP
/// when the registry is in <c>insecure_registries</c> or its record says <c>registry_verify: false</c>. The host's
/// own docker config is never read: an account only gets the credentials it stored.
/// </summary>
public sealed class AccountRegistries(IStateStore store, SecretBox secrets, ServerConfig config)
{
    public RegistryAccess For(string account, string registry)
    {
        var record = store.ListRegistries(account).FirstOrDefault(r => Covers(r.Registry, registry));
        return Access(registry, record?.User, record is null ? null : secrets.Open(record.SecretCipher), record?.Verify ?? true);
    }

    /// <summary>Credentials not stored yet, as <c>POST|PUT /registries</c> checks them before storing.</summary>
    public RegistryAccess ForLogin(RegistryRecord candidate, string password) =>
        Access(candidate.Registry, candidate.User, password, candidate.Verify);

    private RegistryAccess Access(string registry, string? user, string? password, bool verify)
    {
        var insecure = config.InsecureRegistries.ToList();
        if (!verify)
        {
            insecure.Add(registry.Split('/')[0]);
        }

        return new RegistryAccess
        {
            Username = user,
            Password = password,
            InsecureRegistries = insecure,
            ReadDockerConfig = false,
            // A lookup answers a client that is waiting: a registry that is down fails in seconds, not after the CLI's retry budget.
            Retry = new HttpRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(200) },
        };
    }

    /// <summary>A record for <c>host:port</c> covers that registry; one for <c>host:port/path</c> too (Anchore allows both).</summary>
    private static bool Covers(string recorded, string registry) =>
        string.Equals(recorded, registry, StringComparison.OrdinalIgnoreCase)
        || recorded.StartsWith(registry + "/", StringComparison.OrdinalIgnoreCase);
}
