using System.Security.Cryptography;
using Gantry.Core;

namespace Gantry.Signing.Keys;

/// <summary>
/// Reads ECDSA P-256 keys from PEM files. Private keys: <c>ENCRYPTED PRIVATE KEY</c> or cosign's
/// <c>ENCRYPTED SIGSTORE PRIVATE KEY</c> / <c>ENCRYPTED COSIGN PRIVATE KEY</c> (both ask for the password), or
/// unencrypted <c>PRIVATE KEY</c> / <c>EC PRIVATE KEY</c> as openssl writes them.
/// Public keys: <c>PUBLIC KEY</c> (SubjectPublicKeyInfo), as cosign and openssl write them.
/// </summary>
public static class KeyLoader
{
    /// <summary>Loads a private key; <paramref name="password"/> is asked only when the key is encrypted.</summary>
    public static ECDsa LoadPrivateKey(string path, Func<string> password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var pem = ReadPem(path, "private key");
        var key = ECDsa.Create();
        try
        {
            if (CosignKeyFile.IsCosignPem(pem))
            {
                ImportCosignKey(key, pem, password, path);
            }
            else if (pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                key.ImportFromEncryptedPem(pem, password());
            }
            else if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                key.ImportFromPem(pem);
            }
            else
            {
                throw new InvalidInputException($"{path}: not a private key PEM (expected ENCRYPTED PRIVATE KEY, PRIVATE KEY or EC PRIVATE KEY)");
            }

            RequireP256(key, path);
            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new InvalidInputException($"{path}: cannot read the private key: wrong password or not an ECDSA key ({ex.Message.TrimEnd('.')})", ex);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new InvalidInputException($"{path}: not a readable PEM private key ({ex.Message.TrimEnd('.')})", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static ECDsa LoadPublicKey(string path)
    {
        var pem = ReadPem(path, "public key");
        if (!pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{path}: not a public key PEM (expected -----BEGIN PUBLIC KEY-----)");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            RequireP256(key, path);
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidInputException($"{path}: not an ECDSA public key ({ex.Message.TrimEnd('.')})", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void ImportCosignKey(ECDsa key, string pem, Func<string> password, string path)
    {
        var pkcs8 = CosignKeyFile.Decrypt(pem, password, path);
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length)
            {
                throw new InvalidInputException($"{path}: the cosign key decrypted to {pkcs8.Length} bytes with {pkcs8.Length - read} after the PKCS#8 key");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static void RequireP256(ECDsa key, string path)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        if (curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidInputException($"{path}: an ECDSA key on {curve.Oid?.FriendlyName ?? "an unnamed curve"}; cosign signatures use P-256");
        }
    }

    private static string ReadPem(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: {what} file not found");
        }

        var info = new FileInfo(path);
        if (info.Length > 64 * 1024)
        {
            throw new InvalidInputException($"{path}: {info.Length} bytes is too large for a PEM {what}");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the {what} ({ex.Message.TrimEnd('.')})", ex);
        }
    }
}
