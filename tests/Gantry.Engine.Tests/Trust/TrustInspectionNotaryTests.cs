using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gantry.Engine.Trust;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Traits;

namespace Gantry.Engine.Tests.Trust;

/// <summary>
/// <c>docker trust inspect</c>'s view, built from a repository the real notary CLI made with delegations
/// (<c>targets/releases</c> and a signer <c>targets/alice</c>) and read by the verifying reader.
/// </summary>
[Slow(SlowBecause.Notary)]
public sealed class TrustInspectionNotaryTests(NotaryFixture notary) : IClassFixture<NotaryFixture>, IDisposable
{
    private const string Passphrase = "test-passphrase";
    private readonly string _trustDir = Directory.CreateTempSubdirectory("gantry-trust-").FullName;
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        Directory.Delete(_trustDir, recursive: true);
    }

    private sealed record Published(string Gun, TrustedRepository Repository, string AliceKeyId, string ReleasesKeyId);

    /// <summary>
    /// targets: v1, v10; targets/releases: v2, and v10 with the same content as in targets; targets/alice: v2 with the
    /// same content as in releases, and v3, which no released role signs.
    /// </summary>
    private async Task<Published> PublishedAsync()
    {
        var server = await notary.ServerAsync();
        var cli = await notary.CliAsync(Passphrase);
        var gun = $"127.0.0.1:5000/test/inspect-{Guid.NewGuid().ToString("N")[..8]}";
        await cli.InitAndPublishAsync(gun, new Dictionary<string, string> { ["v1"] = "one\n", ["v10"] = "ten\n" });
        var releasesKey = await DelegateAsync(cli, gun, RoleNames.Releases);
        var aliceKey = await DelegateAsync(cli, gun, "targets/alice");
        await AddAsync(cli, gun, "v2", "two\n", RoleNames.Releases);
        await AddAsync(cli, gun, "v10", "ten\n", RoleNames.Releases);
        await AddAsync(cli, gun, "v2", "two\n", "targets/alice");
        await AddAsync(cli, gun, "v3", "three\n", "targets/alice");
        await cli.CheckedAsync("publish", gun);
        var client = new NotaryServerClient(new NotaryServerOptions(new Uri(server.Url)));
        _disposables.Add(client);
        var repository = await new TrustDataReader(client, new TrustDirectory(_trustDir), TimeProvider.System).ReadAsync(gun, CancellationToken.None);
        return new Published(gun, repository!, aliceKey, releasesKey);
    }

    /// <summary>A new key imported into notary's trust dir for <paramref name="role"/> and a delegation to its certificate; returns its canonical ID.</summary>
    private static async Task<string> DelegateAsync(NotaryCli cli, string gun, string role)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=" + role.Replace('/', '-'), key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var name = role.Replace('/', '-');
        var keyFile = Path.Combine(cli.TrustDir, name + "-key.pem");
        var certificateFile = Path.Combine(cli.TrustDir, name + ".crt");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await cli.CheckedAsync("key", "import", keyFile, "--role", role);
        await cli.CheckedAsync("delegation", "add", gun, role, certificateFile, "--all-paths");
        return TufKey.FromEcdsa(key).Id;
    }

    private static async Task AddAsync(NotaryCli cli, string gun, string tag, string content, string role)
    {
        var file = Path.Combine(cli.TrustDir, $"{tag}-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, content);
        await cli.CheckedAsync("add", gun, tag, file, "--roles", role);
    }

    private static string Hex(string content) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    [Fact]
    public async Task Should_List_Released_Tags_In_Natural_Order_With_Their_Other_Signers_When_Inspecting_A_Real_Repository()
    {
        // Given
        var published = await PublishedAsync();

        // When
        var inspection = TrustInspection.From("image", published.Repository, tag: null);

        // Then: v2 before v10; v3 is signed only by alice, which is not a released role, so it is not listed
        Assert.Equal("image", inspection.Name);
        Assert.Equal(["v1", "v2", "v10"], inspection.SignedTags.Select(t => t.SignedTag));
        Assert.Equal([Hex("one\n"), Hex("two\n"), Hex("ten\n")], inspection.SignedTags.Select(t => t.Digest));
        Assert.Equal([TrustInspection.RepoAdmin], inspection.SignedTags[0].Signers);
        Assert.Equal(["alice"], inspection.SignedTags[1].Signers);
        Assert.Equal([TrustInspection.RepoAdmin], inspection.SignedTags[2].Signers);
    }

    [Fact]
    public async Task Should_List_Signers_Without_Releases_With_Canonical_Key_Ids_When_Inspecting_A_Real_Repository()
    {
        // Given
        var published = await PublishedAsync();

        // When
        var inspection = TrustInspection.From("image", published.Repository, tag: null);

        // Then
        var signer = Assert.Single(inspection.Signers);
        Assert.Equal("alice", signer.Name);
        Assert.Equal([published.AliceKeyId], signer.KeyIds);
        Assert.DoesNotContain(inspection.Signers, s => s.KeyIds.Contains(published.ReleasesKeyId));
    }

    [Fact]
    public async Task Should_List_Root_Then_Repository_With_Root_Jsons_Key_Ids_When_Inspecting_A_Real_Repository()
    {
        // Given
        var published = await PublishedAsync();
        var root = RootMetadata.Parse(SignedMetadata.Parse(new TrustDirectory(_trustDir).ReadMetadata(published.Gun, RoleNames.Root)!, RoleNames.Root).Signed);

        // When
        var inspection = TrustInspection.From("image", published.Repository, tag: null);

        // Then: the root key as root.json lists it (the certificate's TUF ID, not the key file's canonical ID)
        Assert.Equal(["Root", "Repository"], inspection.AdministrativeKeys.Select(k => k.Name));
        Assert.Equal(root.Role(RoleNames.Root).KeyIds, inspection.AdministrativeKeys[0].KeyIds);
        Assert.Equal(root.Role(RoleNames.Targets).KeyIds, inspection.AdministrativeKeys[1].KeyIds);
        Assert.NotEqual(root.KeysOf(RoleNames.Root).Values.Single().CanonicalId, Assert.Single(inspection.AdministrativeKeys[0].KeyIds));
    }

    [Fact]
    public async Task Should_Show_Only_The_Named_Tag_When_Inspecting_One_Tag()
    {
        // Given
        var published = await PublishedAsync();

        // When
        var inspection = TrustInspection.From("image:v10", published.Repository, tag: "v10");
        var unsigned = TrustInspection.From("image:v3", published.Repository, tag: "v3");

        // Then
        Assert.Equal("v10", Assert.Single(inspection.SignedTags).SignedTag);
        Assert.Empty(unsigned.SignedTags);
        Assert.Single(unsigned.Signers);
    }
}
