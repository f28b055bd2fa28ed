using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Tests.Tuf;

/// <summary>TUF and canonical key IDs, checked against every key of real notary files and the private key files notary wrote.</summary>
public sealed class TufKeyTests
{
    private static TrustPassphrases Passphrases => (_, _, _) => NotaryTestData.Passphrase;

    [Fact]
    public void Should_Recompute_The_Listed_Id_When_Parsing_Every_Key_Of_Real_Root_And_Targets_Files()
    {
        // Given: root.json's four keys (ecdsa-x509, ecdsa, two ed25519) and targets.json's delegation key (ecdsa-x509)
        var listed = new List<(string Id, JsonNode? Node)>();
        listed.AddRange(NotaryTestData.File(RoleNames.Root).Signed["keys"]!.AsObject().Select(k => (k.Key, k.Value)));
        listed.AddRange(NotaryTestData.File(RoleNames.Targets).Signed["delegations"]!["keys"]!.AsObject().Select(k => (k.Key, k.Value)));

        // When
        var recomputed = listed.Select(k => TufKey.Parse(k.Node, "test").Id).ToList();

        // Then
        Assert.Equal(5, listed.Count);
        Assert.Equal(listed.Select(k => k.Id), recomputed);
    }

    [Fact]
    public void Should_Read_Each_Key_Type_When_Parsing_A_Real_Root()
    {
        // Given
        var root = NotaryTestData.Root;

        // When
        var types = new[] { RoleNames.Root, RoleNames.Targets, RoleNames.Snapshot, RoleNames.Timestamp }
            .Select(role => root.KeysOf(role).Values.Single().Type)
            .ToList();

        // Then
        Assert.Equal([TufKey.EcdsaX509, TufKey.Ecdsa, TufKey.Ed25519, TufKey.Ed25519], types);
        Assert.Equal(32, root.KeysOf(RoleNames.Timestamp).Values.Single().Public.Length);
    }

    [Fact]
    public void Should_Name_The_Private_Key_File_When_Taking_The_Canonical_Id_Of_The_Real_Root_Certificate()
    {
        // Given
        var rootKey = NotaryTestData.Root.KeysOf(RoleNames.Root).Values.Single();

        // When
        var canonicalId = rootKey.CanonicalId;

        // Then: the TUF ID is the certificate's, the canonical ID the plain key's, which names the file
        Assert.True(rootKey.IsCertificate);
        Assert.NotEqual(rootKey.Id, canonicalId);
        Assert.Equal(NotaryTestData.RootKeyFile, canonicalId);
        Assert.True(File.Exists(NotaryTestData.KeyPath(canonicalId)));
    }

    [Fact]
    public void Should_Name_The_Private_Key_File_When_Taking_The_Canonical_Id_Of_A_Real_Delegation_Certificate()
    {
        // Given
        var targets = NotaryTestData.Targets;
        var releases = targets.KeysOf(targets.Delegation(RoleNames.Releases)!).Values.Single();

        // When
        var canonicalId = releases.CanonicalId;

        // Then
        Assert.Equal(TufKey.EcdsaX509, releases.Type);
        Assert.Equal(NotaryTestData.ReleasesKeyFile, canonicalId);
        Assert.True(File.Exists(NotaryTestData.KeyPath(canonicalId)));
    }

    [Fact]
    public void Should_Keep_The_Tuf_Id_When_Taking_The_Canonical_Id_Of_A_Plain_Key()
    {
        // Given
        var targetsKey = NotaryTestData.Root.KeysOf(RoleNames.Targets).Values.Single();

        // When
        var canonicalId = targetsKey.CanonicalId;

        // Then
        Assert.Equal(targetsKey.Id, canonicalId);
        Assert.Equal(NotaryTestData.TargetsKeyFile, canonicalId);
    }

    [Theory]
    [InlineData(NotaryTestData.TargetsKeyFile)]
    [InlineData(NotaryTestData.RootKeyFile)]
    [InlineData(NotaryTestData.ReleasesKeyFile)]
    public void Should_Give_The_File_Name_When_Taking_The_Id_Of_A_Decrypted_Real_Key_File(string canonicalId)
    {
        // Given
        var file = new TrustDirectory(NotaryTestData.Directory).Key(canonicalId)!;
        using var key = TrustDirectory.Load(file, TrustKeyKind.Repository, Passphrases);

        // When
        var id = TufKey.FromEcdsa(key).Id;

        // Then
        Assert.Equal(canonicalId, id);
    }

    [Fact]
    public void Should_Have_A_Canonical_Id_Equal_To_The_Plain_Keys_Id_When_Made_From_A_New_Certificate()
    {
        // Given
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = RootCertificate.Create(key, NotaryTestData.Gun, DateTimeOffset.UtcNow);

        // When
        var wrapped = TufKey.FromCertificate(certificate);

        // Then
        Assert.Equal(TufKey.EcdsaX509, wrapped.Type);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", Encoding.ASCII.GetString(wrapped.Public));
        Assert.Equal(TufKey.FromEcdsa(key).Id, wrapped.CanonicalId);
        Assert.NotEqual(wrapped.Id, wrapped.CanonicalId);
    }

    [Fact]
    public void Should_Lowercase_The_Key_Type_When_Parsing()
    {
        // Given
        var node = JsonNode.Parse("{\"keytype\":\"ED25519\",\"keyval\":{\"private\":null,\"public\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}}");

        // When
        var key = TufKey.Parse(node, "test");

        // Then
        Assert.Equal(TufKey.Ed25519, key.Type);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Encode(key.ToJson()))), key.Id);
    }

    [Theory]
    [InlineData("{\"keytype\":\"ecdsa\"}", "keytype")]
    [InlineData("{\"keytype\":\"ecdsa\",\"keyval\":{\"public\":\"***\"}}", "base64")]
    [InlineData("{\"keyval\":{\"public\":\"AA==\"}}", "keytype")]
    public void Should_Fail_With_A_Format_Error_When_A_Key_Object_Is_Malformed(string json, string mentioned)
    {
        // Given
        var node = JsonNode.Parse(json);

        // When
        var ex = Assert.Throws<TufFormatException>(() => TufKey.Parse(node, "root key"));

        // Then
        Assert.StartsWith("root key", ex.Message);
        Assert.Contains(mentioned, ex.Message);
    }

    [Fact]
    public void Should_Refuse_A_Signature_When_The_Method_Does_Not_Fit_The_Key_Type()
    {
        // Given: the real targets signature (ecdsa) checked as eddsa, and against the ed25519 timestamp key
        var file = NotaryTestData.File(RoleNames.Targets);
        var root = NotaryTestData.Root;
        var targetsKey = root.KeysOf(RoleNames.Targets).Values.Single();
        var timestampKey = root.KeysOf(RoleNames.Timestamp).Values.Single();
        var canonical = CanonicalJson.Encode(file.Signed);
        var signature = file.Signatures.Single();

        // When
        var asEcdsa = targetsKey.Verifies("ECDSA", canonical, signature.Value);
        var asEddsa = targetsKey.Verifies("eddsa", canonical, signature.Value);
        var byOtherKey = timestampKey.Verifies("ecdsa", canonical, signature.Value);

        // Then: the method is lowercased as notary does
        Assert.True(asEcdsa);
        Assert.False(asEddsa);
        Assert.False(byOtherKey);
    }

    [Fact]
    public void Should_Count_No_Valid_Signature_When_An_X509_Key_Holds_No_Certificate()
    {
        // Given: the real targets file and a key of type ecdsa-x509 whose "certificate" is the real plain key's DER
        var file = NotaryTestData.File(RoleNames.Targets);
        var plain = NotaryTestData.Root.KeysOf(RoleNames.Targets).Values.Single();
        var broken = new TufKey(TufKey.EcdsaX509, plain.Public);
        var keys = new Dictionary<string, TufKey> { [file.Signatures.Single().KeyId] = broken };

        // When
        var valid = file.ValidSignatureCount(keys);

        // Then: a key that cannot verify is no valid signature, as in notary, not an exception
        Assert.Equal(0, valid);
        Assert.False(broken.Verifies("ecdsa", CanonicalJson.Encode(file.Signed), file.Signatures.Single().Value));
    }
}
