using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Tests.Tuf;

/// <summary>notary's root certificates: the ones Gantry makes, the real one notary made, and ValidateRoot's checks of them.</summary>
public sealed class RootCertificateTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static TufKey NewRootKey(string gun, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = RootCertificate.Create(key, gun, now);
        return TufKey.FromCertificate(certificate);
    }

    [Fact]
    public void Should_Have_No_Problem_When_The_Certificate_Is_For_The_Gun_And_Valid_Now()
    {
        // Given
        var key = NewRootKey(NotaryTestData.Gun, Now);

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now.AddDays(1), checkValidity: true);

        // Then
        Assert.Null(problem);
    }

    [Fact]
    public void Should_Name_Both_Names_When_The_Certificate_Is_For_Another_Gun()
    {
        // Given
        var key = NewRootKey("127.0.0.1:5000/test/other", Now);

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now, checkValidity: true);

        // Then
        Assert.NotNull(problem);
        Assert.Contains("'127.0.0.1:5000/test/other'", problem);
        Assert.Contains(NotaryTestData.Gun, problem);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3651)]
    [InlineData(4000)]
    public void Should_Report_The_Validity_When_Now_Is_Outside_It(int days)
    {
        // Given: a ten-year certificate made at Now
        var key = NewRootKey(NotaryTestData.Gun, Now);

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now.AddDays(days), checkValidity: true);

        // Then
        Assert.NotNull(problem);
        Assert.Contains("valid from 2027-01-15 12:00:00Z to 2037-01-", problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Should_Have_No_Problem_When_An_Expired_Certificate_Is_The_Pinned_Anchor()
    {
        // Given
        var key = NewRootKey(NotaryTestData.Gun, Now);

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now.AddYears(20), checkValidity: false);

        // Then
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/test/*", null)]
    [InlineData("127.0.0.1:5000/*", null)]
    [InlineData("127.0.0.1:5000/other/*", "is for")]
    public void Should_Treat_A_Trailing_Star_As_A_Prefix_When_Matching_The_Gun(string commonName, string? expected)
    {
        // Given
        var key = NewRootKey(commonName, Now);

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now, checkValidity: true);

        // Then
        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem);
        }
    }

    [Fact]
    public void Should_Have_No_Problem_When_Checking_The_Real_Root_Certificate_Notary_Made()
    {
        // Given
        var key = NotaryTestData.Root.KeysOf(RoleNames.Root).Values.Single();

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now, checkValidity: true);
        var wrongGun = RootCertificate.Problem(key, "127.0.0.1:5000/test/seq", Now, checkValidity: true);
        var expired = RootCertificate.Problem(key, NotaryTestData.Gun, Now.AddYears(11), checkValidity: true);

        // Then
        Assert.Null(problem);
        Assert.NotNull(wrongGun);
        Assert.NotNull(expired);
    }

    [Fact]
    public void Should_Refuse_A_Plain_Key_When_It_Is_Used_As_A_Root_Key()
    {
        // Given: the real targets key, which is a plain ecdsa key
        var key = NotaryTestData.Root.KeysOf(RoleNames.Targets).Values.Single();

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now, checkValidity: true);

        // Then
        Assert.Equal($"root key {key.Id[..8]} is a ecdsa key, not a certificate", problem);
    }

    [Fact]
    public void Should_Refuse_A_Ca_Certificate_When_It_Is_Used_As_A_Root_Key()
    {
        // Given: a self-signed CA certificate for the right GUN
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + NotaryTestData.Gun, ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        using var certificate = request.CreateSelfSigned(Now, Now.AddYears(1));
        var key = TufKey.FromCertificate(certificate);

        // When
        var problem = RootCertificate.Problem(key, NotaryTestData.Gun, Now.AddDays(1), checkValidity: true);

        // Then
        Assert.NotNull(problem);
        Assert.Contains("CA certificate", problem);
    }

    [Fact]
    public void Should_Have_Notarys_Fields_When_Creating_A_Root_Certificate()
    {
        // Given
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = new DateTimeOffset(2027, 1, 15, 12, 0, 0, 700, TimeSpan.Zero);

        // When
        using var certificate = RootCertificate.Create(key, NotaryTestData.Gun, now);

        // Then
        Assert.Equal("CN=" + NotaryTestData.Gun, certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal(new DateTime(2027, 1, 15, 12, 0, 0, DateTimeKind.Utc), certificate.NotBefore.ToUniversalTime());
        Assert.Equal(new DateTime(2037, 1, 12, 12, 0, 0, DateTimeKind.Utc), certificate.NotAfter.ToUniversalTime());
        Assert.Equal(16, certificate.SerialNumberBytes.Length);
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, usage.KeyUsages);
        Assert.Equal("1.3.6.1.5.5.7.3.3", certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.Critical);
        Assert.False(constraints.CertificateAuthority);
        using var real = NotaryTestData.Root.KeysOf(RoleNames.Root).Values.Single().FirstCertificate();
        Assert.Equal(TimeSpan.FromDays(3650), real.NotAfter - real.NotBefore); // notary's 10 * 365 days, not 10 calendar years
        Assert.Equal(16, real.SerialNumberBytes.Length);
    }
}
