using System.Security.Cryptography;
using Gantry.Core;
using Gantry.Signing.Keys;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests;

public sealed class KeyTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly OpensslKit _openssl = new();

    public void Dispose() => _openssl.Dispose();

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_Be_Readable_By_Openssl_With_The_Password_When_Written_By_Keygen()
    {
        using var pair = SigningKeyPair.Generate();
        var (privatePath, publicPath) = pair.WriteFiles(_openssl.PathOf("cosign"), Password, KeyFileFormat.Pkcs8);

        var derivedPublic = await OpensslKit.CheckedAsync("pkey", "-in", privatePath, "-passin", "pass:" + Password, "-pubout");
        var wrongPassword = await OpensslKit.RunAsync("pkey", "-in", privatePath, "-passin", "pass:not-it", "-noout");
        var publicText = await OpensslKit.CheckedAsync("pkey", "-pubin", "-in", publicPath, "-noout", "-text");

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", await File.ReadAllTextAsync(privatePath), StringComparison.Ordinal);
        Assert.Equal((await File.ReadAllTextAsync(publicPath)).Trim(), derivedPublic.Trim());
        Assert.NotEqual(0, wrongPassword.ExitCode);
        Assert.Contains("prime256v1", publicText, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        }
    }

    [Fact]
    public void Should_Refuse_To_Overwrite_When_The_Key_File_Exists()
    {
        var prefix = _openssl.PathOf("taken");
        File.WriteAllText(prefix + ".pub", "keep me");
        using var pair = SigningKeyPair.Generate();

        var error = Assert.Throws<InvalidInputException>(() => pair.WriteFiles(prefix, Password, KeyFileFormat.Pkcs8));

        Assert.Contains("refusing to overwrite", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(prefix + ".pub"));
        Assert.False(File.Exists(prefix + ".key"));
    }

    [Fact]
    public void Should_Name_The_Wrong_Password_When_Loading_An_Encrypted_Key()
    {
        using var pair = SigningKeyPair.Generate();
        var (privatePath, _) = pair.WriteFiles(_openssl.PathOf("locked"), Password, KeyFileFormat.Pkcs8);

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(privatePath, () => "guess"));

        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_Load_Openssl_Keys_Without_Asking_For_A_Password_When_They_Are_Not_Encrypted()
    {
        var (privatePath, publicPath) = await _openssl.NewKeyPairAsync("plain");

        using var privateKey = KeyLoader.LoadPrivateKey(privatePath, () => throw new InvalidOperationException("no password expected"));
        using var publicKey = KeyLoader.LoadPublicKey(publicPath);

        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), privateKey.ExportSubjectPublicKeyInfo());
    }

    [Slow(SlowBecause.ExternalTool)]
    [Fact]
    public async Task Should_Reject_A_Key_On_Another_Curve_When_Loading()
    {
        var path = _openssl.PathOf("p384.pem");
        await OpensslKit.CheckedAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", path);

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.Contains("cosign signatures use P-256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n", "the cosign key is not the expected JSON")]
    [InlineData("hello", "not a private key PEM")]
    public void Should_Explain_When_The_Private_Key_File_Is_Not_Usable(string content, string expected)
    {
        var path = _openssl.PathOf("odd.key");
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Reject_A_Private_Key_Given_As_The_Public_Key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = _openssl.PathOf("private-as-public.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPublicKey(path));

        Assert.Contains("not a public key PEM", error.Message, StringComparison.Ordinal);
    }
}
