using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Core;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Notary;

/// <summary>A signer key in the trust dir: its canonical ID and, for <c>generate</c>, the public key file written beside it.</summary>
public sealed record SignerKey(string Name, string KeyId, string? PublicKeyPath);

/// <summary>
/// <c>docker trust key generate|load</c>: signer keys kept in the trust dir under their role name (the file's
/// <c>role</c> header), and the public key files <c>docker trust signer add</c> reads.
/// </summary>
public static partial class TrustKeys
{
    public static SignerKey Generate(TrustDirectory trustDirectory, string name, string publicKeyFolder, TrustPassphrases passphrases)
    {
        ArgumentNullException.ThrowIfNull(trustDirectory);
        RequireName(name);
        var publicPath = Path.Combine(publicKeyFolder, name + ".pub");
        if (File.Exists(publicPath))
        {
            throw new InvalidInputException($"{publicPath}: already exists; refusing to overwrite a public key");
        }

        if (!Directory.Exists(publicKeyFolder))
        {
            throw new InvalidInputException($"{publicKeyFolder}: no such folder for the public key");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var id = trustDirectory.Save(key, name, gun: null, TrustKeyKind.Repository, passphrases);
        var pem = new NotaryPem("PUBLIC KEY", new Dictionary<string, string> { ["role"] = name }, key.ExportSubjectPublicKeyInfo());
        File.WriteAllText(publicPath, pem.ToString());
        return new SignerKey(name, id, publicPath);
    }

    /// <summary>Imports a private key PEM (encrypted with the repository passphrase, or plain) as signer <paramref name="name"/>.</summary>
    public static SignerKey Load(TrustDirectory trustDirectory, string path, string name, TrustPassphrases passphrases)
    {
        ArgumentNullException.ThrowIfNull(trustDirectory);
        ArgumentNullException.ThrowIfNull(passphrases);
        RequireName(name);
        using var key = NotaryPem.Parse(ReadSmall(path), path)
            .ImportPrivateKey(() => passphrases(TrustKeyKind.Repository, $"key file {Path.GetFileName(path)}", false), path);
        return new SignerKey(name, trustDirectory.Save(key, name, gun: null, TrustKeyKind.Repository, passphrases), null);
    }

    /// <summary>A signer's public key file as a TUF key: <c>PUBLIC KEY</c> (ecdsa or rsa) or <c>CERTIFICATE</c> (the x509 types), headers allowed.</summary>
    public static TufKey ReadPublicKey(string path)
    {
        var text = ReadSmall(path);
        var pem = NotaryPem.Parse(text, path);
        try
        {
            switch (pem.Label)
            {
                case "PUBLIC KEY":
                    using (var ec = ECDsa.Create())
                    {
                        try
                        {
                            ec.ImportSubjectPublicKeyInfo(pem.Data, out _);
                            return new TufKey(TufKey.Ecdsa, pem.Data);
                        }
                        catch (CryptographicException)
                        {
                            using var rsa = RSA.Create();
                            rsa.ImportSubjectPublicKeyInfo(pem.Data, out _);
                            return new TufKey(TufKey.Rsa, pem.Data);
                        }
                    }

                case "CERTIFICATE":
                    using (var certificate = X509CertificateLoader.LoadCertificate(pem.Data))
                    {
                        var type = certificate.GetECDsaPublicKey() is null ? TufKey.RsaX509 : TufKey.EcdsaX509;
                        return new TufKey(type, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"));
                    }

                default:
                    throw new InvalidInputException($"{path}: a '{pem.Label}' block is not a public key or certificate");
            }
        }
        catch (CryptographicException ex)
        {
            throw new InvalidInputException($"{path}: not an ECDSA or RSA public key ({ex.Message.TrimEnd('.')})", ex);
        }
    }

    /// <summary>docker's rule for signer names: lowercase letters, digits, '-' and '_', starting with a letter or digit.</summary>
    public static void RequireName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !NamePattern().IsMatch(name) || name == "releases")
        {
            throw new InvalidInputException($"{name}: not a valid signer name (lowercase letters, digits, '-' and '_', at most 64; not 'releases')");
        }
    }

    private static string ReadSmall(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: no such key file");
        }

        return new FileInfo(path).Length > 64 * 1024
            ? throw new InvalidInputException($"{path}: too large for a key file")
            : File.ReadAllText(path);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
