using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Tests.Tuf;

/// <summary>Signature checks over the canonical <c>signed</c> of real notary files (ecdsa, ecdsa-x509 and the server's eddsa), and Gantry's own layout.</summary>
public sealed class SignedMetadataTests
{
    /// <summary>Each real file, the role whose keys sign it, the key type and the method notary used.</summary>
    public static TheoryData<string, string, string> SignedFiles => new()
    {
        { RoleNames.Root, TufKey.EcdsaX509, "ecdsa" },
        { RoleNames.Targets, TufKey.Ecdsa, "ecdsa" },
        { RoleNames.Snapshot, TufKey.Ed25519, "eddsa" },
        { RoleNames.Timestamp, TufKey.Ed25519, "eddsa" },
        { RoleNames.Releases, TufKey.EcdsaX509, "ecdsa" },
    };

    private static IReadOnlyDictionary<string, TufKey> KeysOf(string role)
    {
        if (role == RoleNames.Releases)
        {
            var targets = NotaryTestData.Targets;
            return targets.KeysOf(targets.Delegation(RoleNames.Releases)!);
        }

        return NotaryTestData.Root.KeysOf(role);
    }

    [Theory]
    [MemberData(nameof(SignedFiles))]
    public void Should_Count_One_Valid_Signature_When_Verifying_A_Real_File_With_Its_Roles_Keys(string role, string keyType, string method)
    {
        // Given
        var file = NotaryTestData.File(role);
        var keys = KeysOf(role);

        // When
        var valid = file.ValidSignatureCount(keys);

        // Then
        Assert.Equal(1, valid);
        Assert.Equal(keyType, keys.Values.Single().Type);
        Assert.Equal(method, file.Signatures.Single().Method);
    }

    [Theory]
    [MemberData(nameof(CanonicalJsonTests.Roles), MemberType = typeof(CanonicalJsonTests))]
    public void Should_Count_No_Valid_Signature_When_The_Signed_Body_Of_A_Real_File_Changed(string role)
    {
        // Given: one day added to expires
        var file = NotaryTestData.File(role);
        var expires = DateTimeOffset.Parse(file.Signed["expires"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        file.Signed["expires"] = expires.AddDays(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        // When
        var valid = file.ValidSignatureCount(KeysOf(role));

        // Then
        Assert.Equal(0, valid);
    }

    [Fact]
    public void Should_Count_No_Valid_Signature_When_A_Real_File_Is_Checked_With_Another_Roles_Keys()
    {
        // Given: the timestamp file, signed by the server's timestamp key, checked with the (also ed25519) snapshot key
        var file = NotaryTestData.File(RoleNames.Timestamp);

        // When
        var valid = file.ValidSignatureCount(KeysOf(RoleNames.Snapshot));

        // Then
        Assert.Equal(0, valid);
    }

    [Fact]
    public void Should_Count_A_Key_Once_When_It_Signed_The_File_Twice()
    {
        // Given: root.json with its one signature repeated
        var json = NotaryTestData.Json(NotaryTestData.Bytes(RoleNames.Root));
        var signatures = json["signatures"]!.AsArray();
        signatures.Add(signatures[0]!.DeepClone());
        var file = SignedMetadata.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), RoleNames.Root);

        // When
        var valid = file.ValidSignatureCount(KeysOf(RoleNames.Root));

        // Then
        Assert.Equal(2, file.Signatures.Count);
        Assert.Equal(1, valid);
    }

    [Fact]
    public void Should_Verify_Over_The_Canonical_Reencoding_When_The_File_Is_Laid_Out_Differently()
    {
        // Given: the real targets file re-serialized indented, with escaped characters and signatures first
        var json = NotaryTestData.Json(NotaryTestData.Bytes(RoleNames.Targets));
        var reordered = new JsonObject { ["signatures"] = json["signatures"]!.DeepClone(), ["signed"] = json["signed"]!.DeepClone() };
        var bytes = Encoding.UTF8.GetBytes(reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var file = SignedMetadata.Parse(bytes, RoleNames.Targets);

        // When
        var valid = file.ValidSignatureCount(KeysOf(RoleNames.Targets));

        // Then
        Assert.Equal(1, valid);
        Assert.Equal(bytes, file.Bytes);
    }

    [Fact]
    public void Should_Lay_Out_Signed_First_Without_Whitespace_When_Creating_A_File()
    {
        // Given
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = TufKey.FromEcdsa(key);
        var body = TargetsMetadata.Empty(new DateTimeOffset(2036, 12, 2, 15, 51, 39, TimeSpan.Zero)) with { Version = 1 };

        // When
        var file = SignedMetadata.Create(body.ToJson(), [new TufSigner(key, publicKey.Id)]);

        // Then
        var text = Encoding.UTF8.GetString(file.Bytes);
        Assert.StartsWith(
            "{\"signed\":{\"_type\":\"Targets\",\"delegations\":{\"keys\":{},\"roles\":[]},\"expires\":\"2036-12-02T15:51:39Z\",\"targets\":{},\"version\":1},\"signatures\":[{\"keyid\":\"" + publicKey.Id + "\",\"method\":\"ecdsa\",\"sig\":\"",
            text);
        Assert.EndsWith("\"}]}", text);
        var parsed = SignedMetadata.Parse(file.Bytes, RoleNames.Targets);
        Assert.Equal(1, parsed.ValidSignatureCount(new Dictionary<string, TufKey> { [publicKey.Id] = publicKey }));
        Assert.Equal(64, parsed.Signatures.Single().Value.Length);
    }

    [Fact]
    public void Should_Count_No_Valid_Signature_When_The_Signer_Is_Not_A_Listed_Key()
    {
        // Given: the real root body re-signed by a fresh key that carries its own key ID
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = NotaryTestData.File(RoleNames.Root).Signed;
        var file = SignedMetadata.Create(body, [new TufSigner(stranger, TufKey.FromEcdsa(stranger).Id)]);

        // When
        var valid = file.ValidSignatureCount(KeysOf(RoleNames.Root));

        // Then
        Assert.Equal(0, valid);
    }

    [Theory]
    [InlineData("<")]
    [InlineData(">")]
    [InlineData("&")]
    [InlineData("\u2028")]
    public void Should_Refuse_To_Create_A_File_When_A_String_Holds_A_Character_Go_Escapes(string character)
    {
        // Given
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = new JsonObject { ["_type"] = "Targets", ["targets"] = new JsonObject { ["v" + character] = 1 } };

        // When
        var ex = Assert.Throws<TufFormatException>(() => SignedMetadata.Create(body, [new TufSigner(key, "id")]));

        // Then
        Assert.Contains("must not contain", ex.Message);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"signatures\":[]}", "no 'signed' object")]
    [InlineData("{\"signed\":{},\"signatures\":[{\"keyid\":\"a\",\"method\":\"ecdsa\",\"sig\":\"***\"}]}", "not base64")]
    [InlineData("{\"signed\":{},\"signatures\":[1]}", "not an object")]
    [InlineData("{\"signed\":{\"version\":1,\"version\":2},\"signatures\":[]}", "not JSON")]
    [InlineData("{\"signed\":{\"length\":1.5},\"signatures\":[]}", "integers only")]
    [InlineData("{\"signed\":{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},\"signatures\":[]}", "not JSON")]
    public void Should_Fail_In_One_Line_Naming_The_Role_When_A_File_Is_Malformed(string text, string mentioned)
    {
        // Given
        var bytes = Encoding.UTF8.GetBytes(text);

        // When
        var ex = Assert.Throws<TufFormatException>(() => SignedMetadata.Parse(bytes, RoleNames.Snapshot));

        // Then
        Assert.StartsWith("snapshot: ", ex.Message);
        Assert.Contains(mentioned, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
