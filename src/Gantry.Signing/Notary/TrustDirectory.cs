using System.Security.Cryptography;
using System.Text;
using Gantry.Core;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Notary;

/// <summary>A private key file of the trust dir, by canonical key ID, with its <c>role</c> and <c>gun</c> headers.</summary>
public sealed record TrustKeyFile(string CanonicalId, string Path, string? Role, string? Gun);

/// <summary>
/// notary's and docker's trust dir (default <c>~/.docker/trust</c>), in their own layout so either reads what Gantry
/// writes: <c>private/&lt;canonical-id&gt;.key</c> (encrypted PKCS#8 with headers, 0600) and the pinned, exact
/// metadata bytes under <c>tuf/&lt;GUN&gt;/metadata/</c>.
/// </summary>
public sealed class TrustDirectory(string root)
{
    /// <summary>notary decrypts with PBKDF2-HMAC-SHA1 whatever the file says, so that is what it must be written with.</summary>
    private static readonly PbeParameters NotaryKeyEncryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA1, 2048);

    private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Root { get; } = root;

    private string PrivateDirectory => System.IO.Path.Combine(Root, "private");

    /// <summary>Every key file, read for its headers only (no passphrase). notary's pre-0.4 folders are searched too.</summary>
    public IReadOnlyList<TrustKeyFile> Keys()
    {
        if (!Directory.Exists(PrivateDirectory))
        {
            return [];
        }

        var keys = new List<TrustKeyFile>();
        foreach (var path in Directory.EnumerateFiles(PrivateDirectory, "*.key", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var id = System.IO.Path.GetFileNameWithoutExtension(path);
            if (id.Length != 64 || !id.All(char.IsAsciiHexDigitLower) || new FileInfo(path).Length > 64 * 1024)
            {
                continue;
            }

            try
            {
                var pem = NotaryPem.Parse(File.ReadAllText(path), path);
                keys.Add(new TrustKeyFile(id, path, pem.Header("role"), pem.Header("gun")));
            }
            catch (InvalidInputException)
            {
                // Not a key notary could read either; it is not ours to judge here.
            }
        }

        return keys;
    }

    public TrustKeyFile? Key(string canonicalId) => KeysById().GetValueOrDefault(canonicalId);

    /// <summary>The keys held for a role's key IDs, as signers carrying the metadata's (TUF) key ID.</summary>
    public IReadOnlyList<TufSigner> Signers(IReadOnlyDictionary<string, TufKey> roleKeys, TrustKeyKind kind, TrustPassphrases passphrases)
    {
        var held = KeysById();
        return roleKeys
            .Where(k => held.ContainsKey(k.Value.CanonicalId))
            .Select(k => new TufSigner(Load(held[k.Value.CanonicalId], kind, passphrases), k.Key))
            .ToList();
    }

    public bool Holds(IReadOnlyDictionary<string, TufKey> roleKeys)
    {
        var held = KeysById();
        return roleKeys.Values.Any(k => held.ContainsKey(k.CanonicalId));
    }

    /// <summary>One read of the private folder; a key stored twice (an old notary layout) counts once.</summary>
    private Dictionary<string, TrustKeyFile> KeysById() =>
        Keys().GroupBy(k => k.CanonicalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static ECDsa Load(TrustKeyFile file, TrustKeyKind kind, TrustPassphrases passphrases)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(passphrases);
        return NotaryPem.Parse(File.ReadAllText(file.Path), file.Path)
            .ImportPrivateKey(() => passphrases(kind, $"{file.Role ?? "key"} key {file.CanonicalId[..7]}", false), file.Path);
    }

    /// <summary>Stores <paramref name="key"/> as notary does (headers sorted: gun, role) and returns its canonical ID; never replaces a file.</summary>
    public string Save(ECDsa key, string role, string? gun, TrustKeyKind kind, TrustPassphrases passphrases)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(passphrases);
        var id = TufKey.FromEcdsa(key).Id;
        var headers = new Dictionary<string, string> { ["role"] = role };
        if (gun is not null)
        {
            headers["gun"] = gun;
        }

        var passphrase = passphrases(kind, $"new {role} key {id[..7]}", true);
        var pem = passphrase.Length == 0
            ? new NotaryPem("PRIVATE KEY", headers, key.ExportPkcs8PrivateKey())
            : new NotaryPem("ENCRYPTED PRIVATE KEY", headers, key.ExportEncryptedPkcs8PrivateKey(passphrase, NotaryKeyEncryption));
        CreatePrivateDirectory(PrivateDirectory);
        var path = System.IO.Path.Combine(PrivateDirectory, id + ".key");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(pem.ToString()));
        }
        catch (IOException) when (File.Exists(path))
        {
            // The same key is already stored; its file stays as it is.
        }

        return id;
    }

    /// <summary>The pinned (cached) bytes of a role's file for <paramref name="gun"/>, or null.</summary>
    public byte[]? ReadMetadata(string gun, string role)
    {
        var path = MetadataPath(gun, role);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Replaces a cached file atomically (write, then rename), so a crash leaves the old or the new file, never half of one.</summary>
    public void WriteMetadata(string gun, string role, byte[] bytes)
    {
        var path = MetadataPath(gun, role);
        var folder = System.IO.Path.GetDirectoryName(path)!;
        CreatePrivateDirectory(folder);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary><c>tuf/&lt;GUN&gt;/metadata/&lt;role&gt;.json</c>; the GUN and role are checked so neither can leave the folder.</summary>
    private string MetadataPath(string gun, string role)
    {
        if (!RoleNames.IsGun(gun))
        {
            throw new InvalidInputException($"{gun}: not a repository name notary can store");
        }

        if (!RoleNames.IsRole(role))
        {
            throw new InvalidInputException($"{role}: not a TUF role name");
        }

        return System.IO.Path.Combine([Root, "tuf", .. gun.Split('/'), "metadata", .. role.Split('/')]) + ".json";
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirectoryMode);
        }
    }
}
