using System.Text.Json.Nodes;
using Gantry.Signing.Tuf;

namespace Gantry.Signing.Tests.Tuf;

/// <summary>The real notary 0.7.0 files under TestData/notary (see its README for how they were made).</summary>
internal static class NotaryTestData
{
    public const string Gun = "127.0.0.1:5000/test/app";
    public const string Passphrase = "testdata-passphrase";
    public const string RootKeyFile = "11e3198998af353d9ed84e63951cd96aa904f9a336ef03e92979ab36b6b18f66";
    public const string TargetsKeyFile = "ce6f4df490c42d554dc8d28706a527972969b7450652ede57472c62b87948284";
    public const string ReleasesKeyFile = "54c979f6e9a7a94397aa0b2e0c35013b0c3376a619a7e845cb614f1dcf4f9a7e";

    /// <summary>Every metadata file, by role.</summary>
    public static readonly string[] Roles = [RoleNames.Root, RoleNames.Targets, RoleNames.Snapshot, RoleNames.Timestamp, RoleNames.Releases];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "notary");

    public static byte[] Bytes(string role) => System.IO.File.ReadAllBytes(Path.Combine(Directory, role + ".json"));

    public static SignedMetadata File(string role) => SignedMetadata.Parse(Bytes(role), role);

    public static RootMetadata Root => RootMetadata.Parse(File(RoleNames.Root).Signed);

    public static TargetsMetadata Targets => TargetsMetadata.Parse(File(RoleNames.Targets).Signed, RoleNames.Targets);

    public static string KeyPath(string canonicalId) => Path.Combine(Directory, "private", canonicalId + ".key");

    /// <summary>The exact text of <c>signed</c> inside a file laid out as <c>{"signed":S,"signatures":[…]}</c>.</summary>
    public static byte[] SignedText(byte[] file)
    {
        var prefix = "{\"signed\":"u8;
        var suffix = ",\"signatures\":["u8;
        Assert.True(file.AsSpan().StartsWith(prefix));
        var end = file.AsSpan().LastIndexOf(suffix);
        Assert.True(end > prefix.Length);
        return file[prefix.Length..end];
    }

    public static JsonObject Json(byte[] bytes) => (JsonObject)JsonNode.Parse(bytes)!;
}
