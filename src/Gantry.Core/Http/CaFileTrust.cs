using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Core.Http;

/// <summary>
/// Trust for a private CA given as a PEM file (<c>--ca-file</c>): one rule for every HTTPS client Gantry has (registries,
/// the notary server), so a certificate is accepted by one client exactly when it is accepted by the other. A server
/// certificate passes when the system trusts it, or when its only fault is a chain that ends at one of the file's CAs.
/// </summary>
public static class CaFileTrust
{
    /// <summary>Makes <paramref name="handler"/> also trust the CAs in <paramref name="caFile"/>; <paramref name="flag"/> names the option in errors.</summary>
    public static void Apply(SocketsHttpHandler handler, string caFile, string flag = "--ca-file")
    {
        ArgumentNullException.ThrowIfNull(handler);
        var extraRoots = Load(caFile, flag);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && errors == SslPolicyErrors.RemoteCertificateChainErrors && ChainsTo(certificate, extraRoots)),
        };
    }

    /// <summary>The certificates of a PEM file; an <see cref="InvalidInputException"/> naming the flag and file when there are none.</summary>
    public static X509Certificate2Collection Load(string caFile, string flag = "--ca-file")
    {
        if (!File.Exists(caFile))
        {
            throw new InvalidInputException($"{flag} {caFile}: file not found");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(caFile);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidInputException($"{flag} {caFile}: not a PEM certificate file ({ex.Message.TrimEnd('.')})", ex);
        }

        return certificates.Count > 0 ? certificates : throw new InvalidInputException($"{flag} {caFile}: holds no PEM certificate");
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
