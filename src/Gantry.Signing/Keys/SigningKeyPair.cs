using System.Security.Cryptography;

namespace Gantry.Signing.Keys;

/// <summary>
/// A new ECDSA P-256 key pair, the one algorithm cosign requires. The private half is exported
/// password-encrypted, either as PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>, PBES2 with PBKDF2-SHA256 and
/// AES-256-CBC, which openssl reads) or in cosign's own format (<c>ENCRYPTED SIGSTORE PRIVATE KEY</c>,
/// which <c>cosign sign --key</c> reads); the public half as a SubjectPublicKeyInfo <c>PUBLIC KEY</c>,
/// which <c>cosign verify --key</c> reads.
/// </summary>
public sealed class SigningKeyPair : IDisposable
{
    /// <summary>PBKDF2 rounds: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    internal const int Pbkdf2Iterations = 600_000;

    private readonly ECDsa _key;

    private SigningKeyPair(ECDsa key) => _key = key;

    public static SigningKeyPair Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public string ExportEncryptedPrivateKeyPem(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return _key.ExportEncryptedPkcs8PrivateKeyPem(password.AsSpan(),
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations));
    }

    public string ExportCosignPrivateKeyPem(string password)
    {
        var pkcs8 = _key.ExportPkcs8PrivateKey();
        try
        {
            return CosignKeyFile.Encrypt(pkcs8, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Writes PREFIX.key and PREFIX.pub, refusing to replace either; returns both paths.</summary>
    public (string PrivateKeyPath, string PublicKeyPath) WriteFiles(string prefix, string password, KeyFileFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var privatePath = prefix + ".key";
        var publicPath = prefix + ".pub";
        foreach (var path in new[] { privatePath, publicPath })
        {
            if (File.Exists(path))
            {
                throw new Core.InvalidInputException($"{path}: already exists; refusing to overwrite a key (remove it or choose another --output-key-prefix)");
            }
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(privatePath))!;
        if (!Directory.Exists(directory))
        {
            throw new Core.InvalidInputException($"{prefix}: folder '{directory}' does not exist");
        }

        try
        {
            var privatePem = format == KeyFileFormat.Cosign ? ExportCosignPrivateKeyPem(password) : ExportEncryptedPrivateKeyPem(password);
            WriteNew(privatePath, privatePem, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteNew(publicPath, ExportPublicKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Core.InvalidInputException($"{prefix}: cannot write the key files ({ex.Message.TrimEnd('.')})", ex);
        }

        return (privatePath, publicPath);
    }

    public void Dispose() => _key.Dispose();

    /// <summary>CreateNew so a file that appeared since the check is not replaced; the private key is never world-readable.</summary>
    private static void WriteNew(string path, string pem, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(pem);
        writer.Write('\n');
    }
}
