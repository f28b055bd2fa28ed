using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Gantry.TestKit;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Cli.Tests.Trust;

/// <summary>
/// <c>gantry trust …</c> and <c>gantry verify --trust-server</c> end to end: Debian's docker-registry and notary-server
/// on 127.0.0.1, with the real <c>notary</c> client reading what Gantry wrote and writing what Gantry reads.
/// </summary>
[Slow(SlowBecause.Notary)]
[Collection(RegistryCollection.Name)]
public sealed class TrustCommandTests : IClassFixture<NotaryFixture>, IDisposable
{
    // Every test sets the same values, so tests running in parallel never see other passphrases.
    private const string Passphrase = "trust-test-passphrase";
    private readonly RegistryFixture _registries;
    private readonly NotaryFixture _notary;
    private readonly string _folder = RegistryImages.TempFolder();

    public TrustCommandTests(RegistryFixture registries, NotaryFixture notary)
    {
        _registries = registries;
        _notary = notary;
        Environment.SetEnvironmentVariable("GANTRY_TRUST_ROOT_PASSPHRASE", Passphrase);
        Environment.SetEnvironmentVariable("GANTRY_TRUST_REPOSITORY_PASSPHRASE", Passphrase);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string TrustDir => Path.Combine(_folder, "trust");

    private async Task<(LocalRegistry Registry, string Repository)> PushAsync(string repository, params string[] tags)
    {
        var registry = await _registries.PlainAsync();
        foreach (var tag in tags)
        {
            await RegistryImages.PushAsync(RegistryImages.Small(marker: repository.Replace('/', '-') + tag), registry, $"{repository}:{tag}");
        }

        return (registry, $"{registry.Host}/{repository}");
    }

    private static async Task<byte[]> ManifestAsync(LocalRegistry registry, string repository, string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry.Host}/v2/{repository}/manifests/{tag}");
        foreach (var type in new[] { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A command that reads the registry (trust sign, verify).</summary>
    private Task<CliResult> Gantry(string server, string host, params string[] args) =>
        CliHarness.RunAsync([.. args, "--trust-server", server, "--trust-dir", TrustDir, "--insecure-registry", host]);

    /// <summary>A command that talks to the notary server only (inspect, revoke, key, signer).</summary>
    private Task<CliResult> Trust(string server, params string[] args) =>
        CliHarness.RunAsync([.. args, "--trust-server", server, "--trust-dir", TrustDir]);

    [Fact]
    public async Task Should_Interoperate_With_The_Real_Notary_Client_When_Signing_Listing_And_Verifying()
    {
        // Given
        var server = await _notary.ServerAsync();
        var (registry, gun) = await PushAsync("trust/app", "v1", "v2", "v3", "unsigned");

        // When: Gantry signs v1 into a new repository
        var signV1 = await Gantry(server.Url, registry.Host, "trust", "sign", gun + ":v1");

        // Then: the real notary, from an empty trust dir, lists v1 with the registry's digest and size
        Assert.True(signV1.ExitCode == 0, signV1.Stderr);
        var manifestV1 = await ManifestAsync(registry, "trust/app", "v1");
        var listed = Assert.Single(await (await _notary.CliAsync()).ListAsync(gun));
        Assert.Equal(("v1", Convert.ToHexStringLower(SHA256.HashData(manifestV1)), (long)manifestV1.Length), (listed.Name, listed.Sha256Hex, listed.Size));

        // When: the real notary, with Gantry's trust dir, publishes v2; then Gantry signs v3 on top
        var notaryOnGantrysDir = new NotaryCli(server.Url, TrustDir, Passphrase);
        var manifestFile = Path.Combine(_folder, "v2.json");
        await File.WriteAllBytesAsync(manifestFile, await ManifestAsync(registry, "trust/app", "v2"));
        await notaryOnGantrysDir.CheckedAsync("add", gun, "v2", manifestFile);
        await notaryOnGantrysDir.CheckedAsync("publish", gun);
        var signV3 = await Gantry(server.Url, registry.Host, "trust", "sign", gun + ":v3");

        // Then
        Assert.True(signV3.ExitCode == 0, signV3.Stderr);
        Assert.Equal(["v1", "v2", "v3"], (await (await _notary.CliAsync()).ListAsync(gun)).Select(r => r.Name).Order());
        var verifyV2 = await Gantry(server.Url, registry.Host, "verify", gun + ":v2");
        Assert.True(verifyV2.ExitCode == 0, verifyV2.Stderr);
        var unsigned = await Gantry(server.Url, registry.Host, "verify", gun + ":unsigned");
        Assert.Equal(1, unsigned.ExitCode);
        Assert.Contains("not signed: ", unsigned.Stderr, StringComparison.Ordinal);
        Assert.Contains("lists no tag 'unsigned'", unsigned.Stderr, StringComparison.Ordinal);

        // And: docker trust inspect's shape
        var inspect = await Trust(server.Url, "trust", "inspect", gun);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        var entry = JsonDocument.Parse(inspect.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(gun, entry.GetProperty("Name").GetString());
        Assert.Equal(["v1", "v2", "v3"], entry.GetProperty("SignedTags").EnumerateArray().Select(t => t.GetProperty("SignedTag").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(manifestV1)), entry.GetProperty("SignedTags")[0].GetProperty("Digest").GetString());
        Assert.Equal("Repo Admin", entry.GetProperty("SignedTags")[0].GetProperty("Signers")[0].GetString());
        Assert.Equal(["Root", "Repository"], entry.GetProperty("AdministrativeKeys").EnumerateArray().Select(k => k.GetProperty("Name").GetString()));
    }

    [Fact]
    public async Task Should_Exit_1_With_The_Reason_When_The_Tag_Was_Pushed_Again_To_Another_Image()
    {
        // Given: v1 signed, then v1 re-pushed to another image
        var server = await _notary.ServerAsync();
        var (registry, gun) = await PushAsync("trust/repushed", "v1");
        var sign = await Gantry(server.Url, registry.Host, "trust", "sign", gun + ":v1");
        Assert.True(sign.ExitCode == 0, sign.Stderr);
        await RegistryImages.PushAsync(RegistryImages.Small(marker: "another-image"), registry, "trust/repushed:v1");

        // When
        var verify = await Gantry(server.Url, registry.Host, "verify", gun + ":v1");

        // Then
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("digest differs: ", verify.Stderr, StringComparison.Ordinal);
        Assert.Single(verify.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Should_Exit_1_When_The_Server_Root_Differs_From_The_Pinned_One()
    {
        // Given: the trust dir pinned the root of one server; another server holds the same GUN with another root
        var (registry, gun) = await PushAsync("trust/pinned", "v1");
        using var first = await NotaryServer.StartAsync();
        using var second = await NotaryServer.StartAsync();
        Assert.True((await Gantry(first.Url, registry.Host, "trust", "sign", gun + ":v1")).ExitCode == 0);
        var otherRoot = new NotaryCli(second.Url, Path.Combine(_folder, "other-trust"), Passphrase);
        var manifestFile = Path.Combine(_folder, "v1.json");
        await File.WriteAllBytesAsync(manifestFile, await ManifestAsync(registry, "trust/pinned", "v1"));
        await otherRoot.CheckedAsync("init", gun);
        await otherRoot.CheckedAsync("add", gun, "v1", manifestFile);
        await otherRoot.CheckedAsync("publish", gun);

        // When
        var verify = await Gantry(second.Url, registry.Host, "verify", gun + ":v1");

        // Then
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("root changed", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Sign_Into_Releases_And_Show_The_Signer_When_A_Signer_Was_Added()
    {
        // Given
        var server = await _notary.ServerAsync();
        var (registry, gun) = await PushAsync("trust/delegated", "v1", "v2");
        var generate = await Trust(server.Url, "trust", "key", "generate", "alice", "--dir", _folder);
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        var add = await Trust(server.Url, "trust", "signer", "add", "--key", Path.Combine(_folder, "alice.pub"), "alice", gun);
        Assert.True(add.ExitCode == 0, add.Stderr);

        // When
        var sign = await Gantry(server.Url, registry.Host, "trust", "sign", gun + ":v1");
        var revokeUnsigned = await Trust(server.Url, "trust", "revoke", gun + ":v2");

        // Then
        Assert.True(sign.ExitCode == 0, sign.Stderr);
        Assert.Contains("in targets/releases", sign.Stderr, StringComparison.Ordinal);
        var row = Assert.Single(await (await _notary.CliAsync()).ListAsync(gun));
        Assert.Equal(("v1", "targets/releases"), (row.Name, row.Role));
        var inspect = JsonDocument.Parse((await Trust(server.Url, "trust", "inspect", gun)).Stdout).RootElement[0];
        Assert.Equal("alice", inspect.GetProperty("Signers")[0].GetProperty("Name").GetString());
        Assert.Equal(2, revokeUnsigned.ExitCode);
        Assert.Contains("is not signed; nothing to revoke", revokeUnsigned.Stderr, StringComparison.Ordinal);

        // And: revoke removes v1
        var revoke = await Trust(server.Url, "trust", "revoke", gun + ":v1");
        Assert.True(revoke.ExitCode == 0, revoke.Stderr);
        Assert.Empty(await (await _notary.CliAsync()).ListAsync(gun));
    }

    [Fact]
    public async Task Should_Store_A_Loaded_Key_As_A_Signer_And_Refuse_A_Wrong_Passphrase()
    {
        // Given: a plain PKCS#8 key, and one encrypted with another passphrase
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var plain = Path.Combine(_folder, "plain.pem");
        await File.WriteAllTextAsync(plain, key.ExportPkcs8PrivateKeyPem());
        var encrypted = Path.Combine(_folder, "encrypted.pem");
        await File.WriteAllTextAsync(encrypted, key.ExportEncryptedPkcs8PrivateKeyPem("another-passphrase",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        // When
        var load = await CliHarness.RunAsync("trust", "key", "load", plain, "--name", "bob", "--trust-dir", TrustDir);
        var wrong = await CliHarness.RunAsync("trust", "key", "load", encrypted, "--name", "carol", "--trust-dir", TrustDir);

        // Then: the key file is notary's (role header, named by the key's ID), encrypted with the repository passphrase
        Assert.True(load.ExitCode == 0, load.Stderr);
        var keyFile = Path.Combine(TrustDir, "private", load.Stdout.Trim() + ".key");
        var text = await File.ReadAllTextAsync(keyFile);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: bob\n\n", text, StringComparison.Ordinal);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains($"{encrypted}: cannot open the private key: wrong passphrase", wrong.Stderr, StringComparison.Ordinal);
        Assert.Single(wrong.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Should_Exit_2_When_No_Trust_Server_Or_Key_Is_Given()
    {
        var verify = await CliHarness.RunAsync("verify", "127.0.0.1:1/none:v1");
        var sign = await CliHarness.RunAsync("trust", "sign", "127.0.0.1:1/none:v1", "--trust-server", "ftp://127.0.0.1:1");

        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("give --key PUB (cosign signatures) or --trust-server URL", verify.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, sign.ExitCode);
        Assert.Contains("--trust-server ftp://127.0.0.1:1: not an http(s) URL", sign.Stderr, StringComparison.Ordinal);
    }
}
