using System.Security.Cryptography;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests.Notary;

/// <summary>Gantry's publisher and reader against Debian's notary-server, with the real <c>notary</c> client as the other party.</summary>
[Slow(SlowBecause.ExternalTool)]
[Collection(NotaryCollection.Name)]
public sealed class TrustPublisherTests(NotaryFixture notary) : IDisposable
{
    private const string Passphrase = "test-passphrase";
    private readonly string _trustDir = Directory.CreateTempSubdirectory("gantry-trust-").FullName;

    public void Dispose() => Directory.Delete(_trustDir, recursive: true);

    private static string NewGun() => $"127.0.0.1:5000/test/app-{Guid.NewGuid():N}"[..40];

    private static FileMeta Manifest(string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        return FileMeta.ForDigest(SHA256.HashData(bytes), bytes.Length);
    }

    private static TrustPassphrases Passphrases => (_, _, _) => Passphrase;

    private TrustPublisher Publisher(NotaryServerClient client) => new(client, new TrustDirectory(_trustDir), Passphrases, TimeProvider.System);

    [Fact]
    public async Task Should_Be_Listed_By_The_Real_Notary_From_An_Empty_Trust_Dir_When_Gantry_Signs_A_New_Repository()
    {
        // Given
        var server = await notary.ServerAsync();
        using var client = new NotaryServerClient(new NotaryServerOptions(new Uri(server.Url)));
        var gun = NewGun();
        var manifest = Manifest("{\"schemaVersion\":2}");

        // When
        var result = await Publisher(client).SignAsync(gun, "v1", manifest, CancellationToken.None);

        // Then
        Assert.True(result.Initialized);
        var emptyDirClient = await notary.CliAsync();
        var rows = await emptyDirClient.ListAsync(gun);
        var row = Assert.Single(rows);
        Assert.Equal(("v1", Convert.ToHexStringLower(manifest.Sha256!), manifest.Length, "targets"), (row.Name, row.Sha256Hex, row.Size, row.Role));
    }

    [Fact]
    public async Task Should_Sign_On_Top_When_The_Real_Notary_Published_With_Gantrys_Trust_Dir()
    {
        // Given: Gantry signs v1, then notary (using Gantry's trust dir and keys) publishes v2
        var server = await notary.ServerAsync();
        using var client = new NotaryServerClient(new NotaryServerOptions(new Uri(server.Url)));
        var gun = NewGun();
        await Publisher(client).SignAsync(gun, "v1", Manifest("one"), CancellationToken.None);
        var notaryOnGantrysDir = new NotaryCli(server.Url, _trustDir, Passphrase);
        var file = Path.Combine(_trustDir, "v2.txt");
        await File.WriteAllTextAsync(file, "two");
        await notaryOnGantrysDir.CheckedAsync("add", gun, "v2", file);
        await notaryOnGantrysDir.CheckedAsync("publish", gun);

        // When
        var result = await Publisher(client).SignAsync(gun, "v3", Manifest("three"), CancellationToken.None);

        // Then
        Assert.False(result.Initialized);
        Assert.Equal(["v1", "v2", "v3"], result.Repository.ReleasedTargets().Select(t => t.Name).Order());
        var rows = await (await notary.CliAsync()).ListAsync(gun);
        Assert.Equal(["v1", "v2", "v3"], rows.Select(r => r.Name).Order());
        Assert.Equal(Convert.ToHexStringLower(Manifest("three").Sha256!), rows.Single(r => r.Name == "v3").Sha256Hex);
    }
}
