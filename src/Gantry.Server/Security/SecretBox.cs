using System.Security.Cryptography;
using System.Text;
using Gantry.Core;

namespace Gantry.Server.Security;

/// <summary>
/// Seals registry passwords at rest with AES-256-GCM: nonce (12 bytes) + tag (16) + ciphertext. The key is
/// <c>GANTRY_SECRET_KEY</c> (base64 of 32 bytes) or, without it, a key file generated in the data folder with mode 0600.
/// </summary>
public sealed class SecretBox
{
    public const string KeyFileName = "secret.key";
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    private SecretBox(byte[] key) => _key = key;

    public static SecretBox Load(string? configuredKey, string dataDirectory)
    {
        if (configuredKey is not null)
        {
            return new SecretBox(DecodeKey(configuredKey, "GANTRY_SECRET_KEY"));
        }

        var path = Path.Combine(dataDirectory, KeyFileName);
        if (File.Exists(path))
        {
            return new SecretBox(DecodeKey(File.ReadAllText(path).Trim(), path));
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return new SecretBox(key);
    }

    public byte[] Seal(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return sealedBytes;
    }

    public string Open(byte[] sealedBytes)
    {
        ArgumentNullException.ThrowIfNull(sealedBytes);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new EnvironmentException("a stored registry credential cannot be decrypted: the secret key changed since it was stored", ex);
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] DecodeKey(string text, string origin)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidInputException($"{origin}: the secret key must be base64 of {KeyBytes} bytes", ex);
        }

        return key.Length == KeyBytes ? key : throw new InvalidInputException($"{origin}: the secret key must be base64 of {KeyBytes} bytes, not {key.Length}");
    }
}
