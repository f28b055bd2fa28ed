using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Signing.Tests.Notary;

/// <summary>
/// The verifying reader against Debian's real notary-server (repositories published by the real notary CLI or by
/// Gantry), read through <see cref="FaultProxy"/> to serve truncated, oversized, replayed and re-signed
/// files. Each hostile case asserts the one-line message that names the check that fired.
/// </summary>
[Slow(SlowBecause.Notary)]
[Collection(NotaryCollection.Name)]
public sealed class TrustDataReaderTests(NotaryFixture notary) : IDisposable
{
    private const string Passphrase = "test-passphrase";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _trustDir = Directory.CreateTempSubdirectory("gantry-trust-").FullName;
    private readonly List<IDisposable> _disposables = [];
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        foreach (var folder in _folders.Append(_trustDir))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewGun(string name) => $"127.0.0.1:5000/test/{name}-{Guid.NewGuid().ToString("N")[..8]}";

    private static TrustPassphrases Passphrases => (_, _, _) => Passphrase;

    /// <summary>A repository the real notary CLI made: <c>init</c>, one target per tag, <c>publish</c> (the CLI holds the snapshot key).</summary>
    private async Task<(NotaryServer Server, NotaryCli Cli, string Gun)> PublishedAsync(string name, params string[] tags)
    {
        var server = await notary.ServerAsync();
        var cli = await notary.CliAsync(Passphrase);
        var gun = NewGun(name);
        await cli.InitAndPublishAsync(gun, tags.ToDictionary(t => t, t => $"payload {t}\n"));
        return (server, cli, gun);
    }

    private FaultProxy Proxy(NotaryServer server) => Track(new FaultProxy(server.Url));

    private NotaryServerClient Client(string url) => Track(new NotaryServerClient(new NotaryServerOptions(new Uri(url)) { Timeout = TimeSpan.FromSeconds(30) }));

    /// <summary>The reader as the brief builds it, on this test's own (Gantry) trust dir: trust on first use unless a root is pinned there.</summary>
    private TrustDataReader Reader(string url, TimeProvider? clock = null) => new(Client(url), new TrustDirectory(_trustDir), clock ?? TimeProvider.System);

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private string Folder()
    {
        var folder = Directory.CreateTempSubdirectory("gantry-notary-other-").FullName;
        _folders.Add(folder);
        return folder;
    }

    /// <summary>True for a GET of the role's current or consistent file (<c>…/_trust/tuf/snapshot.&lt;sha&gt;.json</c>); <c>targets</c> does not match <c>targets/releases</c>.</summary>
    private static bool Is(string path, string role) => path.Contains("/_trust/tuf/" + role + ".", StringComparison.Ordinal);

    private static byte[] ResignedByStranger(byte[] file, string role)
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = SignedMetadata.Parse(file, role).Signed;
        return SignedMetadata.Create(body, [new TufSigner(stranger, TufKey.FromEcdsa(stranger).Id)]).Bytes;
    }

    /// <summary>
    /// <c>notary key rotate GUN root</c>: notary 0.7.0 asks "Are you sure you want to proceed? (yes/no)" on stdin and,
    /// without a yes, prints "Aborting action." and still exits 0, so the answer is given and the success line checked.
    /// </summary>
    private static async Task RotateRootAsync(NotaryCli cli, string gun)
    {
        var result = await TestKit.ProcessRunner.RunAsync("notary", ["-s", cli.ServerUrl, "-d", cli.TrustDir, "key", "rotate", gun, "root"],
            environment: new Dictionary<string, string>
            {
                ["NOTARY_ROOT_PASSPHRASE"] = Passphrase,
                ["NOTARY_TARGETS_PASSPHRASE"] = Passphrase,
                ["NOTARY_SNAPSHOT_PASSPHRASE"] = Passphrase,
            },
            stdin: "yes\n", timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0 && result.Stdout.Contains("Successfully rotated root key", StringComparison.Ordinal),
            $"notary key rotate {gun} root failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
    }

    private static FileMeta Manifest(string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        return FileMeta.ForDigest(SHA256.HashData(bytes), bytes.Length);
    }

    private static void AssertOneLine(Exception ex) => Assert.DoesNotContain('\n', ex.Message);

    [Fact]
    public async Task Should_Verify_The_Chain_In_Notarys_Order_When_Nothing_Is_Tampered()
    {
        // Given
        var (server, cli, gun) = await PublishedAsync("plain", "v1");
        var proxy = Proxy(server);

        // When
        var repository = await Reader(proxy.Url).ReadAsync(gun, None);

        // Then
        Assert.NotNull(repository);
        var target = repository.ReleasedTarget("v1");
        Assert.NotNull(target);
        Assert.Equal(RoleNames.Targets, target.Role);
        Assert.Equal((await cli.LookupAsync(gun, "v1"))!.Sha256Hex, target.DigestHex);
        var tuf = proxy.Requests.Select(r => r.Path).Where(p => p.Contains("/_trust/tuf/", StringComparison.Ordinal))
            .Select(p => p[(p.IndexOf("/_trust/tuf/", StringComparison.Ordinal) + 12)..]).ToList();
        Assert.Equal("root.json", tuf[0]);
        Assert.Equal("timestamp.json", tuf[1]);
        Assert.Equal($"snapshot.{Convert.ToHexStringLower(repository.Timestamp.Snapshot.Sha256!)}.json", tuf[2]);
        Assert.Equal($"targets.{Convert.ToHexStringLower(repository.Snapshot.Meta[RoleNames.Targets].Sha256!)}.json", tuf[3]);
        Assert.NotNull(new TrustDirectory(_trustDir).ReadMetadata(gun, RoleNames.Root));
    }

    [Fact]
    public async Task Should_Refuse_The_Snapshot_When_The_Server_Serves_It_Truncated()
    {
        // Given
        var (server, _, gun) = await PublishedAsync("cut-snapshot", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Snapshot) ? bytes[..^20] : bytes;

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then: the length check against the timestamp's meta fires
        Assert.StartsWith($"{gun}: snapshot: ", ex.Message);
        Assert.Contains("bytes where", ex.Message);
        Assert.EndsWith("were listed by its parent (tampered or truncated)", ex.Message);
        AssertOneLine(ex);
        Assert.Null(new TrustDirectory(_trustDir).ReadMetadata(gun, RoleNames.Root)); // nothing is pinned from a failed read
    }

    [Fact]
    public async Task Should_Refuse_The_Targets_When_The_Server_Serves_It_Truncated()
    {
        // Given
        var (server, _, gun) = await PublishedAsync("cut-targets", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Targets) ? bytes[..(bytes.Length / 2)] : bytes;

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.StartsWith($"{gun}: targets: ", ex.Message);
        Assert.Contains("tampered or truncated", ex.Message);
        AssertOneLine(ex);
    }

    [Fact]
    public async Task Should_Refuse_The_Targets_When_One_Byte_Changed_And_The_Length_Is_The_Same()
    {
        // Given: a tag's length changed (11 → 12): same size, other hash
        var (server, _, gun) = await PublishedAsync("flip-targets", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) =>
        {
            if (!Is(path, RoleNames.Targets))
            {
                return bytes;
            }

            var text = System.Text.Encoding.UTF8.GetString(bytes);
            return System.Text.Encoding.UTF8.GetBytes(text.Replace("\"length\":11}", "\"length\":12}", StringComparison.Ordinal));
        };

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.Equal($"{gun}: targets: its sha256 is not the one listed by its parent (tampered or truncated)", ex.Message);
    }

    [Fact]
    public async Task Should_Refuse_The_Timestamp_When_It_Is_Larger_Than_One_Mebibyte()
    {
        // Given: the real timestamp followed by a mebibyte of whitespace (still valid JSON)
        var (server, _, gun) = await PublishedAsync("big-timestamp", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Timestamp) ? [.. bytes, .. Enumerable.Repeat((byte)' ', 1 << 20)] : bytes;

        // When
        var ex = await Assert.ThrowsAsync<NotaryServerException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.Contains("timestamp", ex.Message);
        Assert.Contains("is larger than 1048576 bytes", ex.Message);
        AssertOneLine(ex);
    }

    [Fact]
    public async Task Should_Refuse_The_Snapshot_When_It_Is_Longer_Than_The_Timestamp_Lists()
    {
        // Given
        var (server, _, gun) = await PublishedAsync("big-snapshot", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Snapshot) ? [.. bytes, .. Enumerable.Repeat((byte)' ', 100)] : bytes;

        // When
        var ex = await Assert.ThrowsAsync<NotaryServerException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.Contains("snapshot", ex.Message);
        Assert.Contains("is larger than", ex.Message);
        AssertOneLine(ex);
    }

    [Fact]
    public async Task Should_Refuse_The_Timestamp_When_The_Server_Replays_An_Older_Real_One()
    {
        // Given: timestamp v1 captured, a second publish (timestamp v2) read once, which caches v2
        var (server, cli, gun) = await PublishedAsync("rollback", "v1");
        var old = await Client(server.Url).GetMetadataAsync(gun, RoleNames.Timestamp, null, NotaryServerClient.MaxTimestampBytes, None);
        var file = Path.Combine(cli.TrustDir, "v2.txt");
        await File.WriteAllTextAsync(file, "payload v2\n");
        await cli.CheckedAsync("add", gun, "v2", file);
        await cli.CheckedAsync("publish", gun);
        var proxy = Proxy(server);
        var reader = Reader(proxy.Url);
        var first = await reader.ReadAsync(gun, None);
        var oldVersion = TimestampMetadata.Parse(SignedMetadata.Parse(old!, RoleNames.Timestamp).Signed).Version;
        Assert.True(first!.Timestamp.Version > oldVersion);

        // When
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Timestamp) ? old! : bytes;
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => reader.ReadAsync(gun, None));

        // Then: the old file is validly signed and unexpired; only the version check catches it
        Assert.Equal($"{gun}: timestamp version {oldVersion} rolls back version {first.Timestamp.Version} seen before", ex.Message);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(4 * 365)]
    public async Task Should_Report_The_Timestamp_Expired_When_The_Clock_Is_Past_Its_Fourteen_Days(int days)
    {
        // Given: every role is fresh, but the timestamp (14 days) expires before snapshot and targets (3 years)
        var (server, _, gun) = await PublishedAsync("expired-timestamp", "v1");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(days));

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(server.Url, clock).ReadAsync(gun, None));

        // Then
        Assert.StartsWith($"{gun}: timestamp expired on ", ex.Message);
        AssertOneLine(ex);
    }

    [Fact]
    public async Task Should_Report_The_Targets_Expired_When_Only_The_Targets_Has_Expired()
    {
        // Given: Gantry signed with a clock three years back, so its targets expires in two days while the server's
        // snapshot (3 years) and timestamp (14 days) are made with the server's real clock
        var server = await notary.ServerAsync();
        var gun = NewGun("expired-targets");
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-3 * 365 + 2));
        var signingDir = Folder();
        await new TrustPublisher(Client(server.Url), new TrustDirectory(signingDir), Passphrases, past).SignAsync(gun, "v1", Manifest("one"), None);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(3));

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(server.Url, clock).ReadAsync(gun, None));

        // Then
        Assert.StartsWith($"{gun}: targets expired on ", ex.Message);
        AssertOneLine(ex);
    }

    [Fact]
    public async Task Should_Refuse_The_Root_On_First_Use_When_It_Is_Signed_By_A_Key_Not_In_It()
    {
        // Given: the real root body, re-signed by a fresh key that names itself in the signature
        var (server, _, gun) = await PublishedAsync("stranger-root", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Root) ? ResignedByStranger(bytes, RoleNames.Root) : bytes;

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.Equal("root: signature threshold not met (0 valid signature(s) by the role's keys, 1 needed)", ex.Message);
        Assert.Null(new TrustDirectory(_trustDir).ReadMetadata(gun, RoleNames.Root));
    }

    [Fact]
    public async Task Should_Refuse_The_Timestamp_When_It_Is_Signed_By_A_Key_Not_In_The_Root()
    {
        // Given: nothing lists the timestamp's hash, so its signature check is the one that fires
        var (server, _, gun) = await PublishedAsync("stranger-timestamp", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Timestamp) ? ResignedByStranger(bytes, RoleNames.Timestamp) : bytes;

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.Equal("timestamp: signature threshold not met (0 valid signature(s) by the role's keys, 1 needed)", ex.Message);
    }

    [Fact]
    public async Task Should_Refuse_The_Targets_By_Its_Hash_When_It_Is_Signed_By_A_Key_Not_In_The_Root()
    {
        // Given: targets re-signed by a stranger (same length). The snapshot lists the real file's hash, and a
        // consistent forgery would need a new snapshot and a new timestamp, whose key only the server holds; so the
        // hash check fires before the signature check could (which the root and timestamp tests reach instead).
        var (server, _, gun) = await PublishedAsync("stranger-targets", "v1");
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Targets) ? ResignedByStranger(bytes, RoleNames.Targets) : bytes;

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(gun, None));

        // Then
        Assert.Equal($"{gun}: targets: its sha256 is not the one listed by its parent (tampered or truncated)", ex.Message);
    }

    [Fact]
    public async Task Should_Refuse_The_Root_On_First_Use_When_The_Server_Serves_Another_Repositorys_Real_Root()
    {
        // Given: two repositories of the same server; the proxy answers the second's root.json with the first's
        var (server, cli, gun) = await PublishedAsync("swap-a", "v1");
        var otherGun = NewGun("swap-b");
        await cli.InitAndPublishAsync(otherGun, new Dictionary<string, string> { ["v1"] = "other\n" });
        var firstRoot = await Client(server.Url).GetMetadataAsync(gun, RoleNames.Root, null, NotaryServerClient.MaxRootBytes, None);
        var proxy = Proxy(server);
        proxy.Rewrite = (path, bytes) => Is(path, RoleNames.Root) && path.Contains(otherGun, StringComparison.Ordinal) ? firstRoot! : bytes;

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(proxy.Url).ReadAsync(otherGun, None));

        // Then: validly signed, but its certificate names the other GUN
        Assert.StartsWith($"{otherGun}: root certificate ", ex.Message);
        Assert.EndsWith($"is for '{gun}', not {otherGun}", ex.Message);
    }

    [Fact]
    public async Task Should_Refuse_Another_Servers_Root_When_A_Root_Is_Pinned_For_The_Gun()
    {
        // Given: the root pinned from the shared server, and a second server where the same GUN has another root
        var (server, _, gun) = await PublishedAsync("pinned", "v1");
        await Reader(server.Url).ReadAsync(gun, None);
        var other = Track(await NotaryServer.StartAsync());
        var otherCli = new NotaryCli(other.Url, Folder(), Passphrase);
        await otherCli.InitAndPublishAsync(gun, new Dictionary<string, string> { ["v1"] = "something else\n" });

        // When: the other root has the same version (1)
        var sameVersion = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(other.Url).ReadAsync(gun, None));

        // and when it has a higher version (2, after a snapshot key rotation), so it is tried as a rotation
        await otherCli.CheckedAsync("key", "rotate", gun, "snapshot", "-r");
        var higherVersion = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(other.Url).ReadAsync(gun, None));

        // Then
        Assert.StartsWith($"{gun}: root changed: the server's root differs from the one pinned in {_trustDir}", sameVersion.Message);
        Assert.Equal($"{gun}: root changed: the server's root (version 2) is not signed by the pinned root's keys; refusing it (potential malicious behavior)",
            higherVersion.Message);
        AssertOneLine(sameVersion);
        var pinned = SignedMetadata.Parse(new TrustDirectory(_trustDir).ReadMetadata(gun, RoleNames.Root)!, RoleNames.Root);
        Assert.Equal((await Client(server.Url).GetMetadataAsync(gun, RoleNames.Root, null, NotaryServerClient.MaxRootBytes, None))!, pinned.Bytes);
    }

    [Fact]
    public async Task Should_Accept_The_New_Root_When_The_Real_Notary_Rotated_The_Root_Key_After_Gantry_Pinned_It()
    {
        // Given: Gantry pinned root version 1; notary rotates the root key twice (versions 2 and 3)
        var (server, cli, gun) = await PublishedAsync("rotate-root", "v1");
        var reader = Reader(server.Url);
        var before = await reader.ReadAsync(gun, None);
        await RotateRootAsync(cli, gun);
        await RotateRootAsync(cli, gun);

        // When
        var after = await reader.ReadAsync(gun, None);

        // Then: each version was checked against the one before (2 via 2.root.json), and the newest is pinned
        Assert.Equal(1, before!.Root.Version);
        Assert.Equal(3, after!.Root.Version);
        Assert.NotEqual(before.Root.Role(RoleNames.Root).KeyIds, after.Root.Role(RoleNames.Root).KeyIds);
        Assert.Equal(after.RootFile.Bytes, new TrustDirectory(_trustDir).ReadMetadata(gun, RoleNames.Root));
        Assert.Equal(RoleNames.Targets, after.ReleasedTarget("v1")!.Role);
    }

    [Fact]
    public async Task Should_Verify_Targets_With_The_New_Key_When_The_Real_Notary_Rotated_The_Targets_Key_After_Gantry_Pinned_The_Root()
    {
        // Given: root version 1 pinned; notary makes a new targets key (root version 2, signed by the same root key) and re-signs targets
        var (server, cli, gun) = await PublishedAsync("rotate-targets", "v1");
        var reader = Reader(server.Url);
        var before = await reader.ReadAsync(gun, None);
        await cli.CheckedAsync("key", "rotate", gun, "targets");

        // When
        var after = await reader.ReadAsync(gun, None);

        // Then
        Assert.Equal(2, after!.Root.Version);
        Assert.Equal(before!.Root.Role(RoleNames.Root).KeyIds, after.Root.Role(RoleNames.Root).KeyIds);
        Assert.NotEqual(before.Root.Role(RoleNames.Targets).KeyIds, after.Root.Role(RoleNames.Targets).KeyIds);
        Assert.Equal(after.Root.Role(RoleNames.Targets).KeyIds, after.TargetsFile.Signatures.Select(s => s.KeyId));
        Assert.Equal(RoleNames.Targets, after.ReleasedTarget("v1")!.Role);
    }

    [Fact]
    public async Task Should_Ignore_The_Delegations_Tags_With_A_Warning_When_Only_Targets_Releases_Has_Expired()
    {
        // Given: a server-managed snapshot; targets/releases re-signed by Gantry with a clock three years back, so it
        // alone expires in two days (targets, snapshot and timestamp carry the server's and notary's real clock)
        var (server, cli, gun) = await PublishedAsync("expired-releases", "v1");
        await cli.CheckedAsync("key", "rotate", gun, "snapshot", "-r");
        using var releasesKey = await DelegateReleasesAsync(cli, gun);
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-3 * 365 + 2));
        var published = await new TrustPublisher(Client(server.Url), new TrustDirectory(cli.TrustDir), Passphrases, past)
            .SignAsync(gun, "v3", Manifest("three"), None);
        Assert.Equal(RoleNames.Releases, published.Role);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(3));

        // When
        var repository = await Reader(server.Url, clock).ReadAsync(gun, None);

        // Then: notary skips an expired delegation with a warning; its tags no longer count
        Assert.NotNull(repository);
        Assert.StartsWith("targets/releases: expired ", Assert.Single(repository.Warnings));
        Assert.Null(repository.ReleasedTarget("v3"));
        Assert.Equal(RoleNames.Targets, repository.ReleasedTarget("v1")!.Role);
    }

    [Fact]
    public async Task Should_Refuse_In_One_Line_When_The_Snapshot_Lists_A_Delegation_Without_Sha256()
    {
        // Given: notary's repository (the CLI holds the snapshot key) with targets/releases; a new snapshot, signed with
        // that real key and accepted by the server, lists targets/releases by length and sha512 only
        var (server, cli, gun) = await PublishedAsync("sha512-only", "v1");
        using var releasesKey = await DelegateReleasesAsync(cli, gun);
        var notaryDir = new TrustDirectory(cli.TrustDir);
        var current = (await new TrustDataReader(Client(server.Url), notaryDir, TimeProvider.System).ReadAsync(gun, None))!;
        var releasesBytes = current.Delegations[RoleNames.Releases].File.Bytes;
        var meta = current.Snapshot.Meta.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        meta[RoleNames.Releases] = new FileMeta(releasesBytes.Length, new Dictionary<string, byte[]> { ["sha512"] = SHA512.HashData(releasesBytes) });
        var snapshot = new SnapshotMetadata(current.Snapshot.Version + 1, current.Snapshot.Expires, meta);
        var signers = notaryDir.Signers(current.Root.KeysOf(RoleNames.Snapshot), TrustKeyKind.Repository, Passphrases);
        var signed = SignedMetadata.Create(snapshot.ToJson(), signers);
        await Client(server.Url).PublishAsync(gun, [new(RoleNames.Snapshot, signed.Bytes)], None);

        // When
        var ex = await Assert.ThrowsAsync<TrustVerificationException>(() => Reader(server.Url).ReadAsync(gun, None));

        // Then: refused as unverifiable (Gantry pins every file by sha256), not a crash
        Assert.Equal($"{gun}: targets/releases: its parent lists no sha256 for it (Gantry verifies every file by sha256)", ex.Message);
    }

    /// <summary>notary imports a new key for <c>targets/releases</c>, delegates to its certificate and publishes v2 into it; returns the key.</summary>
    private static async Task<ECDsa> DelegateReleasesAsync(NotaryCli cli, string gun)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=releases", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var keyFile = Path.Combine(cli.TrustDir, "releases-key.pem");
        var certificateFile = Path.Combine(cli.TrustDir, "releases.crt");
        var v2 = Path.Combine(cli.TrustDir, "v2.txt");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(v2, "payload v2\n");
        await cli.CheckedAsync("key", "import", keyFile, "--role", RoleNames.Releases);
        await cli.CheckedAsync("delegation", "add", gun, RoleNames.Releases, certificateFile, "--all-paths");
        await cli.CheckedAsync("add", gun, "v2", v2, "--roles", RoleNames.Releases);
        await cli.CheckedAsync("publish", gun);
        return key;
    }

    [Fact]
    public async Task Should_Show_The_Delegations_Tag_And_Sign_Into_It_When_The_Real_Notary_Added_Targets_Releases()
    {
        // Given: notary imports a key, delegates targets/releases to its certificate and publishes v2 into it
        var (server, cli, gun) = await PublishedAsync("releases", "v1");
        using var key = await DelegateReleasesAsync(cli, gun);

        // When
        var repository = await Reader(server.Url).ReadAsync(gun, None);

        // Then
        Assert.NotNull(repository);
        var released = repository.ReleasedTarget("v2");
        Assert.NotNull(released);
        Assert.Equal(RoleNames.Releases, released.Role);
        Assert.Equal((await cli.LookupAsync(gun, "v2"))!.Sha256Hex, released.DigestHex);
        Assert.Equal(RoleNames.Targets, repository.ReleasedTarget("v1")!.Role);
        var delegated = repository.DelegationOf(RoleNames.Releases)!.Value;
        Assert.Equal([string.Empty], delegated.Role.Paths);
        Assert.Equal(TufKey.FromEcdsa(key).Id, Assert.Single(delegated.Keys.Values).CanonicalId);
        Assert.Empty(repository.Warnings);

        // When: Gantry signs v3 with notary's trust dir, which holds the delegation key (and the snapshot key)
        var published = await new TrustPublisher(Client(server.Url), new TrustDirectory(cli.TrustDir), Passphrases, TimeProvider.System)
            .SignAsync(gun, "v3", Manifest("three"), None);

        // Then
        Assert.Equal(RoleNames.Releases, published.Role);
        Assert.Equal(RoleNames.Releases, published.Repository.ReleasedTarget("v3")!.Role);
        var rows = await (await notary.CliAsync()).ListAsync(gun);
        Assert.Equal([("v1", "targets"), ("v2", RoleNames.Releases), ("v3", RoleNames.Releases)],
            rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => (r.Name, r.Role!)).ToArray());
    }
}
