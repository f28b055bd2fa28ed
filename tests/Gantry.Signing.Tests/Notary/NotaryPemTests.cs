using Gantry.Core;
using Gantry.Signing.Notary;
using Gantry.Signing.Tests.Tuf;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Tests.Notary;

/// <summary>notary's key files (PEM with RFC 1421 headers, PBES2-encrypted PKCS#8), read from files the real notary wrote.</summary>
public sealed class NotaryPemTests
{
    private static TrustPassphrases Passphrase(string passphrase) => (_, _, _) => passphrase;

    private static string KeyText(string canonicalId) => File.ReadAllText(NotaryTestData.KeyPath(canonicalId));

    [Fact]
    public void Should_Read_The_Gun_And_Role_Headers_When_Parsing_A_Real_Targets_Key_File()
    {
        // Given
        var text = KeyText(NotaryTestData.TargetsKeyFile);

        // When
        var pem = NotaryPem.Parse(text, "targets.key");

        // Then
        Assert.Equal("ENCRYPTED PRIVATE KEY", pem.Label);
        Assert.Equal(NotaryTestData.Gun, pem.Header("gun"));
        Assert.Equal("targets", pem.Header("role"));
        Assert.Equal(2, pem.Headers.Count);
        Assert.Equal(0x30, pem.Data[0]);
    }

    [Theory]
    [InlineData(NotaryTestData.RootKeyFile, "root")]
    [InlineData(NotaryTestData.ReleasesKeyFile, "targets/releases")]
    public void Should_Read_Only_A_Role_Header_When_Parsing_A_Real_Root_Or_Delegation_Key_File(string canonicalId, string role)
    {
        // Given
        var text = KeyText(canonicalId);

        // When
        var pem = NotaryPem.Parse(text, canonicalId);

        // Then
        Assert.Equal(role, pem.Header("role"));
        Assert.Null(pem.Header("gun"));
        Assert.Single(pem.Headers);
    }

    [Theory]
    [InlineData(NotaryTestData.RootKeyFile)]
    [InlineData(NotaryTestData.TargetsKeyFile)]
    [InlineData(NotaryTestData.ReleasesKeyFile)]
    public void Should_Write_The_Same_Text_When_Formatting_A_Parsed_Real_Key_File(string canonicalId)
    {
        // Given
        var text = KeyText(canonicalId);

        // When
        var formatted = NotaryPem.Parse(text, canonicalId).ToString();

        // Then
        Assert.Equal(text, formatted);
    }

    [Fact]
    public void Should_List_Every_Real_Key_With_Its_Headers_When_Reading_The_Trust_Dir()
    {
        // Given
        var directory = new TrustDirectory(NotaryTestData.Directory);

        // When
        var keys = directory.Keys();

        // Then
        Assert.Equal(
            [(NotaryTestData.RootKeyFile, "root", null), (NotaryTestData.ReleasesKeyFile, "targets/releases", null), (NotaryTestData.TargetsKeyFile, "targets", NotaryTestData.Gun)],
            keys.Select(k => (k.CanonicalId, k.Role, k.Gun)).ToArray());
    }

    [Theory]
    [InlineData(NotaryTestData.RootKeyFile)]
    [InlineData(NotaryTestData.TargetsKeyFile)]
    [InlineData(NotaryTestData.ReleasesKeyFile)]
    public void Should_Decrypt_The_Key_When_Loading_A_Real_Key_File_With_Its_Passphrase(string canonicalId)
    {
        // Given
        var file = new TrustDirectory(NotaryTestData.Directory).Key(canonicalId)!;

        // When
        using var key = TrustDirectory.Load(file, TrustKeyKind.Root, Passphrase(NotaryTestData.Passphrase));

        // Then
        Assert.Equal(256, key.KeySize);
        Assert.Equal(canonicalId, TufKey.FromEcdsa(key).Id);
    }

    [Fact]
    public void Should_Fail_In_One_Line_When_A_Real_Key_File_Is_Loaded_With_The_Wrong_Passphrase()
    {
        // Given
        var file = new TrustDirectory(NotaryTestData.Directory).Key(NotaryTestData.TargetsKeyFile)!;

        // When
        var ex = Assert.Throws<InvalidInputException>(() => TrustDirectory.Load(file, TrustKeyKind.Repository, Passphrase("not-the-passphrase")));

        // Then
        Assert.Contains("wrong passphrase", ex.Message);
        Assert.Contains(file.Path, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_Sign_Like_The_Real_Key_When_A_Loaded_Real_Targets_Key_Signs_The_Real_Targets_Body()
    {
        // Given
        var file = new TrustDirectory(NotaryTestData.Directory).Key(NotaryTestData.TargetsKeyFile)!;
        using var key = TrustDirectory.Load(file, TrustKeyKind.Repository, Passphrase(NotaryTestData.Passphrase));
        var body = NotaryTestData.File(RoleNames.Targets).Signed;

        // When
        var resigned = SignedMetadata.Create(body, [new TufSigner(key, NotaryTestData.TargetsKeyFile)]);

        // Then: ECDSA signatures are randomized, but the new one verifies with root.json's targets key, and the body is byte-identical
        Assert.Equal(1, resigned.ValidSignatureCount(NotaryTestData.Root.KeysOf(RoleNames.Targets)));
        Assert.Equal(NotaryTestData.SignedText(NotaryTestData.Bytes(RoleNames.Targets)), NotaryTestData.SignedText(resigned.Bytes));
    }

    [Fact]
    public void Should_Round_Trip_Through_A_Saved_File_When_Gantry_Writes_A_Key_As_Notary_Does()
    {
        // Given
        var folder = Directory.CreateTempSubdirectory("gantry-pem-").FullName;
        try
        {
            var directory = new TrustDirectory(folder);
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

            // When
            var id = directory.Save(key, "targets", NotaryTestData.Gun, TrustKeyKind.Repository, Passphrase("pw"));

            // Then
            var text = File.ReadAllText(Path.Combine(folder, "private", id + ".key"));
            Assert.StartsWith($"-----BEGIN ENCRYPTED PRIVATE KEY-----\ngun: {NotaryTestData.Gun}\nrole: targets\n\n", text);
            Assert.Equal(text, NotaryPem.Parse(text, id).ToString());
            using var loaded = TrustDirectory.Load(directory.Key(id)!, TrustKeyKind.Repository, Passphrase("pw"));
            Assert.Equal(id, TufKey.FromEcdsa(loaded).Id);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("no pem here", "no -----BEGIN line")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: root\n\nMIHu\n", "no END line")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n*not base64*\n-----END PRIVATE KEY-----\n", "not base64")]
    public void Should_Fail_In_One_Line_Naming_The_File_When_A_Pem_Is_Malformed(string text, string mentioned)
    {
        // Given
        var source = "/trust/private/x.key";

        // When
        var ex = Assert.Throws<InvalidInputException>(() => NotaryPem.Parse(text, source));

        // Then
        Assert.StartsWith(source + ": ", ex.Message);
        Assert.Contains(mentioned, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
