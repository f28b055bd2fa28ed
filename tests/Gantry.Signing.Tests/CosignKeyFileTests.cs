using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Gantry.Core;
using Gantry.Signing.Keys;
using Gantry.Signing.Payload;

namespace Gantry.Signing.Tests;

/// <summary>cosign's own key files (<c>ENCRYPTED SIGSTORE PRIVATE KEY</c>): reading, writing and refusing damaged or hostile ones.</summary>
public sealed class CosignKeyFileTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "TestData");
    private readonly OpensslKit _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_Decrypt_To_The_Published_Key_And_Sign_When_Reading_A_Key_Cosign_Generated()
    {
        // A real cosign-generated key (sigstore-rs test data, empty password, N=65536): see TestData/README.md.
        using var privateKey = KeyLoader.LoadPrivateKey(Path.Combine(TestData, "cosign-empty-password.key"), () => "");
        using var publicKey = KeyLoader.LoadPublicKey(Path.Combine(TestData, "cosign-empty-password.pub"));
        var payload = "{\"critical\":{}}"u8.ToArray();

        var signature = PayloadSignature.Sign(privateKey, payload);

        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), privateKey.ExportSubjectPublicKeyInfo());
        Assert.True(PayloadSignature.Verify(publicKey, payload, signature));
    }

    [Fact]
    public void Should_Name_The_Wrong_Password_When_The_Cosign_Key_Does_Not_Decrypt()
    {
        var path = Path.Combine(TestData, "cosign-empty-password.key");

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => "guess"));

        Assert.Equal($"{path}: wrong password (the cosign key did not decrypt)", error.Message);
    }

    [Fact]
    public void Should_Read_Back_The_Same_Key_When_Keygen_Writes_The_Cosign_Format()
    {
        using var pair = SigningKeyPair.Generate();
        var (privatePath, publicPath) = pair.WriteFiles(_files.PathOf("gantry"), Password, KeyFileFormat.Cosign);

        using var privateKey = KeyLoader.LoadPrivateKey(privatePath, () => Password);
        using var publicKey = KeyLoader.LoadPublicKey(publicPath);
        var document = DecodeBody(File.ReadAllText(privatePath));

        Assert.StartsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n", File.ReadAllText(privatePath), StringComparison.Ordinal);
        Assert.StartsWith("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},\"salt\":\"", document, StringComparison.Ordinal);
        Assert.Contains("\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"", document, StringComparison.Ordinal);
        Assert.Equal(publicKey.ExportSubjectPublicKeyInfo(), privateKey.ExportSubjectPublicKeyInfo());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        }
    }

    [Fact]
    public void Should_Use_A_Fresh_Salt_And_Nonce_When_Encrypting_The_Same_Key_Twice()
    {
        using var pair = SigningKeyPair.Generate();

        var first = DecodeBody(pair.ExportCosignPrivateKeyPem(Password));
        var second = DecodeBody(pair.ExportCosignPrivateKeyPem(Password));

        Assert.NotEqual(SaltOf(first), SaltOf(second));
        Assert.NotEqual(first[first.IndexOf("\"nonce\"", StringComparison.Ordinal)..], second[second.IndexOf("\"nonce\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Should_Read_The_Legacy_Cosign_Label_When_The_Body_Is_The_Same()
    {
        using var pair = SigningKeyPair.Generate();
        var path = _files.PathOf("legacy.key");
        File.WriteAllText(path, pair.ExportCosignPrivateKeyPem(Password).Replace("SIGSTORE", "COSIGN", StringComparison.Ordinal));

        using var key = KeyLoader.LoadPrivateKey(path, () => Password);

        Assert.Equal(pair.ExportPublicKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    [Fact]
    public void Should_Refuse_As_Wrong_Password_When_The_Ciphertext_Was_Changed()
    {
        using var pair = SigningKeyPair.Generate();
        var json = DecodeBody(pair.ExportCosignPrivateKeyPem(Password));
        var start = json.IndexOf("\"ciphertext\":\"", StringComparison.Ordinal) + "\"ciphertext\":\"".Length;
        var ciphertext = Convert.FromBase64String(json[start..json.IndexOf('"', start)]);
        ciphertext[ciphertext.Length / 2] ^= 0x01;
        var path = WriteCosignPem("tampered.key", json[..start] + Convert.ToBase64String(ciphertext) + "\"}");

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.Contains("wrong password (the cosign key did not decrypt)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_Before_Asking_For_The_Password_When_The_Scrypt_Parameters_Are_Hostile()
    {
        // N=2^30 with r=8 would make scrypt allocate 1 TiB; the check must come before any key derivation.
        var path = WriteCosignPem("hostile.key", Document(n: 1 << 30));
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => throw new InvalidOperationException("no password expected")));

        Assert.Contains("refusing scrypt parameters N=1073741824, r=8, p=1", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(30000, 8, 1)]
    [InlineData(1 << 20, 8, 1)]
    [InlineData(32768, 8, 64)]
    [InlineData(32768, 0, 1)]
    [InlineData(-32768, 8, 1)]
    public void Should_Refuse_When_The_Scrypt_Parameters_Are_Out_Of_Bounds(long n, long r, long p)
    {
        var path = WriteCosignPem("bounds.key", Document(n: n, r: r, p: p));

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.Contains($"refusing scrypt parameters N={n}, r={r}, p={p}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"kdf\":", "not the expected JSON")]
    [InlineData("[]", "not the expected JSON")]
    [InlineData("{\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AAAA\"},\"ciphertext\":\"AAAA\"}", "not the expected JSON")]
    [InlineData(null, "uses kdf 'argon2'; only 'scrypt' is known", "argon2")]
    [InlineData(null, "uses cipher 'aes-gcm'; only 'nacl/secretbox' is known", null, "aes-gcm")]
    [InlineData(null, "not the expected JSON", null, null, "salt!")]
    [InlineData(null, "nonce is 3 bytes, not 24", null, null, null, "AAAA")]
    [InlineData(null, "ciphertext is 3 bytes, too short", null, null, null, null, "AAAA")]
    public void Should_Name_The_File_And_The_Fault_When_The_Cosign_Key_Is_Malformed(string? json, string expected,
        string? kdf = null, string? cipher = null, string? salt = null, string? nonce = null, string? ciphertext = null)
    {
        var path = WriteCosignPem("malformed.key", json ?? Document(kdf: kdf, cipher: cipher, salt: salt, nonce: nonce, ciphertext: ciphertext));

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_Say_The_Pem_Is_Damaged_When_The_Cosign_Key_Is_Truncated()
    {
        using var pair = SigningKeyPair.Generate();
        var pem = pair.ExportCosignPrivateKeyPem(Password);
        var path = _files.PathOf("truncated.key");
        File.WriteAllText(path, pem[..(pem.Length / 2)]);

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.Equal($"{path}: the cosign key PEM is damaged (no complete BEGIN/END block with base64 between; truncated?)", error.Message);
    }

    [Fact]
    public void Should_Name_The_Json_When_Whole_Lines_Of_The_Cosign_Key_Are_Missing()
    {
        using var pair = SigningKeyPair.Generate();
        var lines = pair.ExportCosignPrivateKeyPem(Password).Split('\n');
        var path = _files.PathOf("short.key");
        File.WriteAllLines(path, [.. lines[..3], lines[^1]]);

        var error = Assert.Throws<InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => Password));

        Assert.Contains("the cosign key is not the expected JSON", error.Message, StringComparison.Ordinal);
    }

    private string WriteCosignPem(string name, string json)
    {
        var path = _files.PathOf(name);
        File.WriteAllText(path, PemEncoding.WriteString("ENCRYPTED SIGSTORE PRIVATE KEY", Encoding.UTF8.GetBytes(json)));
        return path;
    }

    /// <summary>A cosign key document whose members are well-formed unless one is given (the ciphertext decrypts with nothing).</summary>
    private static string Document(long n = 32768, long r = 8, long p = 1, string? kdf = null, string? cipher = null, string? salt = null,
        string? nonce = null, string? ciphertext = null) =>
        $"{{\"kdf\":{{\"name\":\"{kdf ?? "scrypt"}\",\"params\":{{\"N\":{n},\"r\":{r},\"p\":{p}}},\"salt\":\"{salt ?? Convert.ToBase64String(new byte[32])}\"}},"
        + $"\"cipher\":{{\"name\":\"{cipher ?? "nacl/secretbox"}\",\"nonce\":\"{nonce ?? Convert.ToBase64String(new byte[24])}\"}},"
        + $"\"ciphertext\":\"{ciphertext ?? Convert.ToBase64String(new byte[64])}\"}}";

    private static string DecodeBody(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Encoding.UTF8.GetString(Convert.FromBase64String(pem[fields.Base64Data]));
    }

    private static string SaltOf(string json)
    {
        var start = json.IndexOf("\"salt\":\"", StringComparison.Ordinal) + "\"salt\":\"".Length;
        return json[start..json.IndexOf('"', start)];
    }
}
