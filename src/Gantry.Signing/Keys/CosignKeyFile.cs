using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Core;
using Sodium;

namespace Gantry.Signing.Keys;

/// <summary>
/// cosign's own private key file, as <c>cosign generate-key-pair</c> writes it (go-securesystemslib's <c>encrypted</c>
/// package): a PEM whose body is the JSON
/// <c>{"kdf":{"name":"scrypt","params":{"N":…,"r":…,"p":…},"salt":…},"cipher":{"name":"nacl/secretbox","nonce":…},"ciphertext":…}</c>
/// (byte strings in standard base64). The secretbox key is scrypt(password, salt, N, r, p) of 32 bytes; the plaintext is
/// the PKCS#8 DER of the private key.
/// </summary>
internal static partial class CosignKeyFile
{
    public const string Label = "ENCRYPTED SIGSTORE PRIVATE KEY";

    /// <summary>What cosign before 2.0 wrote; the body is the same.</summary>
    public const string LegacyLabel = "ENCRYPTED COSIGN PRIVATE KEY";

    private const string KdfName = "scrypt";
    private const string CipherName = "nacl/secretbox";
    private const int KeyBytes = 32, SaltBytes = 32, NonceBytes = 24, MacBytes = 16;

    /// <summary>
    /// What Gantry writes: go-securesystemslib's "legacy" set, the one every cosign release reads (recent releases
    /// write N=65536 and read 32768, 65536 and 131072).
    /// </summary>
    private static readonly ScryptParams WriteParams = new(32768, 8, 1);

    /// <summary>scrypt needs 128·N·r bytes and 128·N·r·p of work: a hostile file must not make us allocate or spin more.</summary>
    private const long MaxN = 1 << 20, MaxCost = 256L * 1024 * 1024;

    // The strings are base64 and two fixed names: relaxed escaping writes '+' as Go does, not \u002B. Reading, a missing
    // or null member is an error rather than a null the checks below would trip over.
    private static readonly CosignKeyJsonContext Json = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    });

    public static bool IsCosignPem(string pem) =>
        pem.Contains("-----BEGIN " + Label + "-----", StringComparison.Ordinal) || pem.Contains("-----BEGIN " + LegacyLabel + "-----", StringComparison.Ordinal);

    /// <summary>Encrypts the PKCS#8 DER with a fresh salt and nonce into an <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> PEM.</summary>
    public static string Encrypt(ReadOnlySpan<byte> pkcs8, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var key = DeriveKey(password, salt, WriteParams);
        try
        {
            var document = new EncryptedKey(
                new KdfSection(KdfName, WriteParams, salt),
                new CipherSection(CipherName, nonce),
                SecretBox.Create(pkcs8.ToArray(), nonce, key));
            return PemEncoding.WriteString(Label, JsonSerializer.SerializeToUtf8Bytes(document, Json.EncryptedKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The PKCS#8 DER inside a cosign key PEM; every failure is one line naming <paramref name="path"/>. The password is
    /// asked only once the file has passed its checks.
    /// </summary>
    public static byte[] Decrypt(string pem, Func<string> password, string path)
    {
        ArgumentNullException.ThrowIfNull(password);
        var document = Parse(pem, path);
        var (kdf, cipher, ciphertext) = (document.Kdf, document.Cipher, document.Ciphertext);
        if (kdf.Name != KdfName)
        {
            throw new InvalidInputException($"{path}: the cosign key uses kdf '{kdf.Name}'; only '{KdfName}' is known");
        }

        if (cipher.Name != CipherName)
        {
            throw new InvalidInputException($"{path}: the cosign key uses cipher '{cipher.Name}'; only '{CipherName}' is known");
        }

        RequireSaneParams(kdf.Params, path);
        if (cipher.Nonce.Length != NonceBytes)
        {
            throw new InvalidInputException($"{path}: the cosign key's nonce is {cipher.Nonce.Length} bytes, not {NonceBytes}");
        }

        if (ciphertext.Length <= MacBytes)
        {
            throw new InvalidInputException($"{path}: the cosign key's ciphertext is {ciphertext.Length} bytes, too short to hold a key (truncated?)");
        }

        var key = DeriveKey(password(), kdf.Salt, kdf.Params);
        try
        {
            return SecretBox.Open(ciphertext, cipher.Nonce, key);
        }
        catch (CryptographicException ex)
        {
            // secretbox authenticates: a wrong password and a changed ciphertext look the same.
            throw new InvalidInputException($"{path}: wrong password (the cosign key did not decrypt)", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static EncryptedKey Parse(string pem, string path)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new InvalidInputException($"{path}: the cosign key PEM is damaged (no complete BEGIN/END block with base64 between; truncated?)");
        }

        var label = pem[fields.Label];
        if (label is not (Label or LegacyLabel))
        {
            throw new InvalidInputException($"{path}: a PEM '{label}' where a cosign key ({Label}) was expected");
        }

        var body = Convert.FromBase64String(pem[fields.Base64Data]);
        try
        {
            return JsonSerializer.Deserialize(body, Json.EncryptedKey)
                   ?? throw new InvalidInputException($"{path}: the cosign key's JSON is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{path}: the cosign key is not the expected JSON ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    private static void RequireSaneParams(ScryptParams p, string path)
    {
        var powerOfTwo = p.N > 1 && (p.N & (p.N - 1)) == 0;
        var inRange = p.N <= MaxN && p.R is >= 1 and <= 32 && p.P is >= 1 and <= 16;
        if (!powerOfTwo || !inRange || 128 * p.N * p.R * p.P > MaxCost)
        {
            throw new InvalidInputException(
                $"{path}: refusing scrypt parameters N={p.N}, r={p.R}, p={p.P} (N must be a power of 2 up to 2^20 and 128·N·r·p at most 256 MiB)");
        }
    }

    private static byte[] DeriveKey(string password, byte[] salt, ScryptParams p)
    {
        SodiumCore.Init();
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var key = new byte[KeyBytes];
        try
        {
            // The low-level call takes N, r and p as they are; libsodium's opslimit/memlimit API would choose its own.
            if (ScryptLowLevel(passwordBytes, (nuint)passwordBytes.Length, salt, (nuint)salt.Length, (ulong)p.N, (uint)p.R, (uint)p.P, key, (nuint)key.Length) != 0)
            {
                throw new InvalidOperationException($"libsodium scrypt failed for N={p.N}, r={p.R}, p={p.P}");
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    // Sodium.Core ships libsodium but wraps only the opslimit/memlimit form of scrypt.
    [LibraryImport("libsodium", EntryPoint = "crypto_pwhash_scryptsalsa208sha256_ll")]
    private static partial int ScryptLowLevel(byte[] password, nuint passwordLength, byte[] salt, nuint saltLength, ulong n, uint r, uint p,
        byte[] output, nuint outputLength);

    internal sealed record EncryptedKey(
        [property: JsonPropertyName("kdf")] KdfSection Kdf,
        [property: JsonPropertyName("cipher")] CipherSection Cipher,
        [property: JsonPropertyName("ciphertext")] byte[] Ciphertext);

    internal sealed record KdfSection(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("params")] ScryptParams Params,
        [property: JsonPropertyName("salt")] byte[] Salt);

    internal sealed record ScryptParams(
        [property: JsonPropertyName("N")] long N,
        [property: JsonPropertyName("r")] long R,
        [property: JsonPropertyName("p")] long P);

    internal sealed record CipherSection(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("nonce")] byte[] Nonce);
}

[JsonSerializable(typeof(CosignKeyFile.EncryptedKey))]
internal sealed partial class CosignKeyJsonContext : JsonSerializerContext;
