using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Gantry.Server.Security;
using Gantry.Server.Storage;

namespace Gantry.Server.Accounts;

/// <summary>
/// Accounts and users: creation (every new account gets Anchore's default bundle, active), the first-start admin,
/// and credential checks. PBKDF2 is slow on purpose, so a verified credential is remembered by a salted SHA-256
/// of it until the user's password changes: a client that sends Basic auth on every call pays the cost once.
/// </summary>
public sealed class AccountService(IStateStore store, TimeProvider timeProvider)
{
    public const string AdminAccount = "admin";
    public const string AdminType = "admin";
    public const string UserType = "user";
    public const string Enabled = "enabled";
    public const string DefaultPolicyId = "2c53a13c-1765-11e8-82ef-23527761d060";

    private static readonly Lazy<string> DefaultBundle = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("anchore_default_bundle.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private readonly ConcurrentDictionary<string, (string PasswordHash, byte[] Proof)> _verified = new(StringComparer.Ordinal);
    private readonly byte[] _proofSalt = RandomNumberGenerator.GetBytes(32);

    /// <summary>Creates the admin account and user on first start; refuses without a password when there is no state yet.</summary>
    public void InitializeAdmin(string? adminPassword)
    {
        if (store.IsInitialized())
        {
            return;
        }

        if (string.IsNullOrEmpty(adminPassword))
        {
            throw new Core.InvalidInputException("no state yet and no admin password: set GANTRY_ADMIN_PASSWORD (or admin_password in --config) for the first start");
        }

        try
        {
            CreateAccount(AdminAccount, null, AdminType);
            CreateUser(AdminAccount, AdminAccount, adminPassword);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && store.GetUser(AdminAccount) is not null)
        {
            // Processes of a deployment start at once: another one created the admin first.
        }
    }

    public AccountRecord CreateAccount(string name, string? email, string type)
    {
        var now = timeProvider.GetUtcNow();
        var account = new AccountRecord(name, email, type, Enabled, now, now);
        store.AddAccount(account);
        store.AddPolicy(new PolicyRecord(name, DefaultPolicyId, true, "Default bundle", "Default bundle", DefaultBundle.Value, now, now));
        return account;
    }

    public UserRecord CreateUser(string account, string username, string password)
    {
        var now = timeProvider.GetUtcNow();
        var user = new UserRecord(username, account, PasswordHasher.Hash(password), UserType, "native", now, now);
        store.AddUser(user);
        return user;
    }

    public void SetPassword(string username, string password)
    {
        store.SetPassword(username, PasswordHasher.Hash(password));
        _verified.TryRemove(username, out _);
    }

    /// <summary>The user when the password is right and the user's account is enabled; null otherwise.</summary>
    public UserRecord? Authenticate(string username, string password)
    {
        if (store.GetUser(username) is not { } user || store.GetAccount(user.Account) is not { State: Enabled })
        {
            return null;
        }

        var proof = SHA256.HashData([.. _proofSalt, .. Encoding.UTF8.GetBytes(password)]);
        if (_verified.TryGetValue(username, out var known) && known.PasswordHash == user.PasswordHash && CryptographicOperations.FixedTimeEquals(known.Proof, proof))
        {
            return user;
        }

        if (!PasswordHasher.Verify(password, user.PasswordHash))
        {
            return null;
        }

        _verified[username] = (user.PasswordHash, proof);
        return user;
    }
}
