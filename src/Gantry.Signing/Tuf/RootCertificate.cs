using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Signing.Tuf;

/// <summary>
/// The self-signed certificate notary wraps each root key in, one per repository: CN = the GUN, ten years, a random
/// 128-bit serial, code signing, not a CA. One root key therefore has a different TUF ID in each repository.
/// </summary>
public static class RootCertificate
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    public static X509Certificate2 Create(ECDsa rootKey, string gun, DateTimeOffset now)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(gun);
        var request = new CertificateRequest(name.Build(), rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial, as Go writes
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), notBefore, notBefore + Lifetime, serial);
    }

    /// <summary>
    /// Why a root key cannot anchor <paramref name="gun"/> (notary's ValidateRoot), or null: its first certificate must be
    /// a non-CA leaf named for the GUN (a trailing <c>*</c> makes a prefix), valid at <paramref name="now"/> unless it
    /// is the pinned anchor, not signed with SHA-1 and not an RSA key under 2048 bits.
    /// </summary>
    public static string? Problem(TufKey key, string gun, DateTimeOffset now, bool checkValidity)
    {
        if (!key.IsCertificate)
        {
            return $"root key {key.Id[..8]} is a {key.Type} key, not a certificate";
        }

        X509Certificate2 certificate;
        try
        {
            certificate = key.FirstCertificate();
        }
        catch (TufFormatException ex)
        {
            return ex.Message;
        }

        using (certificate)
        {
            var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            var nameMatches = commonName.EndsWith('*') ? gun.StartsWith(commonName[..^1], StringComparison.Ordinal) : commonName == gun;
            if (!nameMatches)
            {
                return $"root certificate {key.Id[..8]} is for '{commonName}', not {gun}";
            }

            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
            {
                return $"root certificate {key.Id[..8]} is a CA certificate, not a leaf";
            }

            if (checkValidity && (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime()))
            {
                return $"root certificate {key.Id[..8]} is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now";
            }

            if (certificate.SignatureAlgorithm.FriendlyName?.Contains("sha1", StringComparison.OrdinalIgnoreCase) == true)
            {
                return $"root certificate {key.Id[..8]} is signed with SHA-1";
            }

            using var rsa = certificate.GetRSAPublicKey();
            return rsa is { KeySize: < 2048 } ? $"root certificate {key.Id[..8]} has an RSA key under 2048 bits" : null;
        }
    }
}
