using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Signing.Notary;
using Gantry.TestKit;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests.Notary;

/// <summary>
/// The notary-server HTTP layer against Debian's real notary-server (with the real notary CLI as the publisher), and
/// against hostile loopback servers for what the real one never does (huge bodies, odd statuses, refused connections).
/// </summary>
[Collection(NotaryCollection.Name)]
public sealed class NotaryServerClientTests(NotaryFixture notary)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static NotaryServerClient Client(string url) =>
        new(new NotaryServerOptions(new Uri(url)) { Timeout = TimeSpan.FromSeconds(20) });

    private static string Gun(string name) => $"127.0.0.1:5000/test/{name}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<(NotaryServer Server, NotaryCli Cli, string Gun)> PublishedAsync(string name)
    {
        var server = await notary.ServerAsync();
        var cli = await notary.CliAsync();
        var gun = Gun(name);
        await cli.InitAndPublishAsync(gun, new Dictionary<string, string> { ["v1"] = "payload\n" });
        return (server, cli, gun);
    }

    private static void AssertOneLine(Exception ex) =>
        Assert.DoesNotContain('\n', ex.Message);

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Answer_A_Ping_When_The_Server_Runs()
    {
        var server = await notary.ServerAsync();
        using var client = Client(server.Url);

        await client.PingAsync(None);

        Assert.Equal(new Uri(server.Url), client.Server);
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Return_Null_When_The_Gun_Is_Unknown()
    {
        var server = await notary.ServerAsync();
        using var client = Client(server.Url);
        var gun = Gun("unknown");

        Assert.Null(await client.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None));
        Assert.Null(await client.GetMetadataAsync(gun, "timestamp", null, NotaryServerClient.MaxTimestampBytes, None));
        Assert.Null(await client.GetRootVersionAsync(gun, 1, NotaryServerClient.MaxRootBytes, None));
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Return_The_Exact_Role_Files_When_The_Notary_Cli_Published()
    {
        var (server, cli, gun) = await PublishedAsync("published");
        using var client = Client(server.Url);

        var root = await client.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None);
        var targets = await client.GetMetadataAsync(gun, "targets", null, NotaryServerClient.MaxRootBytes, None);
        var snapshot = await client.GetMetadataAsync(gun, "snapshot", null, NotaryServerClient.MaxRootBytes, None);
        var timestamp = await client.GetMetadataAsync(gun, "timestamp", null, NotaryServerClient.MaxTimestampBytes, None);

        Assert.NotNull(root);
        Assert.NotNull(targets);
        Assert.NotNull(snapshot);
        Assert.NotNull(timestamp);
        using var timestampJson = JsonDocument.Parse(timestamp);
        var snapshotMeta = timestampJson.RootElement.GetProperty("signed").GetProperty("meta").GetProperty("snapshot");
        Assert.Equal(snapshotMeta.GetProperty("hashes").GetProperty("sha256").GetString(), Convert.ToBase64String(SHA256.HashData(snapshot)));
        Assert.Equal(snapshotMeta.GetProperty("length").GetInt64(), snapshot.Length);
        var snapshotHex = Convert.ToHexStringLower(SHA256.HashData(snapshot));
        Assert.Equal(snapshot, await client.GetMetadataAsync(gun, "snapshot", snapshotHex, snapshot.Length, None));
        Assert.Equal(root, await client.GetRootVersionAsync(gun, 1, NotaryServerClient.MaxRootBytes, None));
        Assert.Equal(root, await client.GetMetadataAsync(gun, "root", Convert.ToHexStringLower(SHA256.HashData(root)), root.Length, None));
        var listed = Assert.Single(await cli.ListAsync(gun));
        Assert.Equal(("v1", 8L, "targets"), (listed.Name, listed.Size, listed.Role));
        using var targetsJson = JsonDocument.Parse(targets);
        var v1 = targetsJson.RootElement.GetProperty("signed").GetProperty("targets").GetProperty("v1");
        Assert.Equal(listed.Sha256Hex, Convert.ToHexStringLower(Convert.FromBase64String(v1.GetProperty("hashes").GetProperty("sha256").GetString()!)));
        Assert.Equal(listed.Sha256Hex, (await cli.LookupAsync(gun, "v1"))?.Sha256Hex);
        Assert.Null(await cli.LookupAsync(gun, "nope"));
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Refuse_A_Body_Over_The_Cap_When_The_Real_Server_Sends_It()
    {
        var (server, _, gun) = await PublishedAsync("capped");
        using var client = Client(server.Url);

        var ex = await Assert.ThrowsAsync<NotaryServerException>(() => client.GetMetadataAsync(gun, "timestamp", null, 10, None));

        Assert.Equal($"notary server {server.Url}: {gun} timestamp.json is larger than 10 bytes", ex.Message);
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Return_A_Json_Key_Object_When_Asked_For_The_Servers_Timestamp_Key()
    {
        var (server, _, gun) = await PublishedAsync("key");
        using var client = Client(server.Url);

        var key = await client.GetServerKeyAsync(gun, "timestamp", None);
        var snapshotKey = await client.GetServerKeyAsync(gun, "snapshot", None);

        using var json = JsonDocument.Parse(key);
        Assert.Equal("ed25519", json.RootElement.GetProperty("keytype").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("keyval").GetProperty("public").GetString()));
        using var snapshotJson = JsonDocument.Parse(snapshotKey);
        Assert.True(snapshotJson.RootElement.TryGetProperty("keyval", out _));
        await Assert.ThrowsAsync<InvalidInputException>(() => client.GetServerKeyAsync(gun, "targets", None));
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Throw_With_Notarys_Code_When_Published_Garbage()
    {
        var server = await notary.ServerAsync();
        using var client = Client(server.Url);
        var gun = Gun("garbage");

        var malformed = await Assert.ThrowsAsync<NotaryServerException>(() =>
            client.PublishAsync(gun, [new("root", "not json"u8.ToArray())], None));
        var noRoot = await Assert.ThrowsAsync<NotaryServerException>(() =>
            client.PublishAsync(gun, [new("targets", """{"signed":{"_type":"Targets","version":1,"expires":"2030-01-01T00:00:00Z","targets":{}},"signatures":[]}"""u8.ToArray())], None));

        Assert.Equal("MALFORMED_JSON", malformed.Code);
        Assert.Equal($"notary server {server.Url}: MALFORMED_JSON: JSON sent by the client could not be parsed by the server", malformed.Message);
        Assert.Equal("INVALID_UPDATE", noRoot.Code);
        Assert.Equal($"notary server {server.Url}: INVALID_UPDATE: Update sent by the client is invalid: no pre-existing root and no root provided in update", noRoot.Message);
        AssertOneLine(noRoot);
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Send_A_Quoted_Role_Filename_When_Publishing_A_Delegation()
    {
        var server = await notary.ServerAsync();
        using var client = Client(server.Url);

        // notary-server checks the role before the JSON: MALFORMED_JSON (not INVALID_ROLE or NO_FILENAME) shows it took 'targets/releases'.
        var ex = await Assert.ThrowsAsync<NotaryServerException>(() =>
            client.PublishAsync(Gun("delegation"), [new("targets/releases", "{"u8.ToArray())], None));

        Assert.Equal("MALFORMED_JSON", ex.Code);
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Have_No_Root_When_The_Gun_Was_Deleted()
    {
        var (server, _, gun) = await PublishedAsync("deleted");
        using var client = Client(server.Url);
        Assert.NotNull(await client.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None));

        await client.DeleteAsync(gun, None);

        Assert.Null(await client.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None));
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Return_The_Tampered_Bytes_When_A_Proxy_Rewrites_Them()
    {
        var (server, _, gun) = await PublishedAsync("tampered");
        using var proxy = new FaultProxy(server.Url)
        {
            Rewrite = (path, body) => path.EndsWith("/timestamp.json", StringComparison.Ordinal) ? [.. body, (byte)' '] : body,
        };
        using var direct = Client(server.Url);
        using var client = Client(proxy.Url);

        var real = await direct.GetMetadataAsync(gun, "timestamp", null, NotaryServerClient.MaxTimestampBytes, None);
        var served = await client.GetMetadataAsync(gun, "timestamp", null, NotaryServerClient.MaxTimestampBytes, None);
        var root = await client.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None);

        Assert.Equal([.. real!, (byte)' '], served!);
        Assert.Equal(await direct.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None), root);
        Assert.Contains(proxy.Requests, r => r.Path == $"/v2/{gun}/_trust/tuf/timestamp.json");
    }

    [Fact]
    [Slow(SlowBecause.Notary)]
    public async Task Should_Keep_Separate_Roots_When_A_Second_Server_Holds_The_Same_Gun()
    {
        var (server, _, gun) = await PublishedAsync("two-servers");
        using var second = await NotaryServer.StartAsync();
        var trustDir = Path.Combine(Path.GetTempPath(), "gantry-notary-trust-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await new NotaryCli(second.Url, trustDir, "other-passphrase").InitAndPublishAsync(gun, new Dictionary<string, string> { ["v2"] = "other\n" });
            using var first = Client(server.Url);
            using var other = Client(second.Url);

            var firstRoot = await first.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None);
            var otherRoot = await other.GetMetadataAsync(gun, "root", null, NotaryServerClient.MaxRootBytes, None);

            Assert.NotNull(firstRoot);
            Assert.NotNull(otherRoot);
            Assert.NotEqual(firstRoot, otherRoot);
        }
        finally
        {
            Directory.Delete(trustDir, recursive: true);
        }
    }

    [Fact]
    [Slow(SlowBecause.LoopbackServer)]
    public async Task Should_Refuse_Without_Reading_When_The_Content_Length_Is_Over_The_Cap()
    {
        using var done = new ManualResetEventSlim();
        using var server = new LoopbackServer(context =>
        {
            context.Response.ContentLength64 = 50L << 20;
            context.Response.OutputStream.Write(new byte[1024]);
            context.Response.OutputStream.Flush();
            done.Wait(TimeSpan.FromSeconds(10));
            context.Response.Abort();
        });
        using var client = Client($"http://{server.Host}");

        var ex = await Assert.ThrowsAsync<NotaryServerException>(() =>
            client.GetMetadataAsync("127.0.0.1:5000/test/app", "timestamp", null, NotaryServerClient.MaxTimestampBytes, None));
        done.Set();

        Assert.Equal($"notary server http://{server.Host}: 127.0.0.1:5000/test/app timestamp.json is larger than 1048576 bytes", ex.Message);
    }

    [Fact]
    [Slow(SlowBecause.LoopbackServer)]
    public async Task Should_Stop_Reading_When_A_Chunked_Body_Runs_Past_The_Cap()
    {
        const long total = 256L << 20;
        long written = 0;
        using var server = new LoopbackServer(context =>
        {
            context.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            try
            {
                while (written < total)
                {
                    context.Response.OutputStream.Write(chunk);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client hung up, as it should.
            }
        });
        using var client = Client($"http://{server.Host}");

        var ex = await Assert.ThrowsAsync<NotaryServerException>(() =>
            client.GetMetadataAsync("127.0.0.1:5000/test/app", "snapshot", null, 1 << 20, None));

        Assert.EndsWith("snapshot.json is larger than 1048576 bytes", ex.Message, StringComparison.Ordinal);
        Assert.True(Interlocked.Read(ref written) < total / 2, $"the server wrote {written} bytes");
    }

    [Theory]
    [Slow(SlowBecause.LoopbackServer)]
    [InlineData(500, "server unavailable (HTTP 500)")]
    [InlineData(503, "server unavailable (HTTP 503)")]
    [InlineData(401, "not authorized")]
    public async Task Should_Map_The_Status_When_The_Server_Refuses(int status, string expected)
    {
        using var server = new LoopbackServer(context =>
        {
            context.Response.StatusCode = status;
            context.Response.OutputStream.Write("""{"errors":[{"code":"UPDATING","message":"multi\nline"}]}"""u8);
        });
        using var client = Client($"http://{server.Host}");

        var ping = await Assert.ThrowsAsync<NotaryServerException>(() => client.PingAsync(None));
        var get = await Assert.ThrowsAsync<NotaryServerException>(() =>
            client.GetMetadataAsync("127.0.0.1:5000/test/app", "root", null, NotaryServerClient.MaxRootBytes, None));

        Assert.Equal($"notary server http://{server.Host}: {expected}", ping.Message);
        Assert.Equal(ping.Message, get.Message);
        Assert.Equal("UPDATING", get.Code);
    }

    [Fact]
    [Slow(SlowBecause.LoopbackServer)]
    public async Task Should_Send_The_Gun_And_Role_Filenames_As_Notary_Expects_When_Publishing()
    {
        string? path = null;
        string? body = null;
        using var server = new LoopbackServer(context =>
        {
            path = context.Request.RawUrl;
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            body = reader.ReadToEnd();
            context.Response.StatusCode = 200;
        });
        using var client = Client($"http://{server.Host}");

        await client.PublishAsync("127.0.0.1:5000/test/app", [new("targets", "{}"u8.ToArray()), new("targets/releases", "{}"u8.ToArray())], None);

        Assert.Equal("/v2/127.0.0.1:5000/test/app/_trust/tuf/", path);
        Assert.Contains("name=files; filename=targets;", body, StringComparison.Ordinal);
        Assert.Contains("name=files; filename=\"targets/releases\"", body, StringComparison.Ordinal);
    }

    [Fact]
    [Slow(SlowBecause.Registry)]
    public async Task Should_Trust_A_Private_Ca_Only_When_Given_Its_Ca_File()
    {
        // Any TLS server answering GET /v2/ with 200 does for a ping: the registry's self-signed certificate is its own CA.
        using var registry = await LocalRegistry.StartAsync(RegistryAuth.None, tls: true);
        var url = new Uri($"https://{registry.Host}");
        using var trusting = new NotaryServerClient(new NotaryServerOptions(url) { CaFile = registry.CaFile });
        using var untrusting = new NotaryServerClient(new NotaryServerOptions(url));

        await trusting.PingAsync(None);
        var ex = await Assert.ThrowsAsync<NotaryServerException>(() => untrusting.PingAsync(None));

        Assert.StartsWith($"notary server https://{registry.Host}: TLS connection failed", ex.Message, StringComparison.Ordinal);
        AssertOneLine(ex);
        var missing = Assert.Throws<InvalidInputException>(() => new NotaryServerClient(new NotaryServerOptions(url) { CaFile = "/nonexistent/ca.pem" }));
        Assert.Equal("CA file /nonexistent/ca.pem: file not found", missing.Message);
    }

    [Fact]
    public async Task Should_Throw_One_Line_Naming_The_Server_When_The_Connection_Is_Refused()
    {
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        using var client = Client(url);

        var ex = await Assert.ThrowsAsync<NotaryServerException>(() => client.PingAsync(None));

        Assert.StartsWith($"notary server {url}: GET /v2/: cannot reach the server", ex.Message, StringComparison.Ordinal);
        AssertOneLine(ex);
    }

    [Fact]
    public void Should_Refuse_Plain_Http_When_The_Host_Is_Not_Loopback_And_Insecure_Is_Not_Allowed()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new NotaryServerClient(new NotaryServerOptions(new Uri("http://notary.example.com:4443"))));
        using var allowed = new NotaryServerClient(new NotaryServerOptions(new Uri("http://notary.example.com:4443")) { AllowInsecureHttp = true });
        using var loopback = new NotaryServerClient(new NotaryServerOptions(new Uri("http://localhost:4443")));

        Assert.Equal("notary server http://notary.example.com:4443: plain http to a non-loopback host; use https, or --trust-insecure to allow it", ex.Message);
        Assert.Throws<InvalidInputException>(() => new NotaryServerClient(new NotaryServerOptions(new Uri("ftp://127.0.0.1/"))));
        var credentials = Assert.Throws<InvalidInputException>(() => new NotaryServerClient(new NotaryServerOptions(new Uri("https://user:s3cret@notary.example.com/"))));
        Assert.DoesNotContain("s3cret", credentials.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/test/app", "targets/../root", null)]
    [InlineData("127.0.0.1:5000/test/app", "targets/", null)]
    [InlineData("127.0.0.1:5000/test/app", "targets//x", null)]
    [InlineData("127.0.0.1:5000/test/app", "Targets", null)]
    [InlineData("127.0.0.1:5000/test/app", "root.json?x=1", null)]
    [InlineData("127.0.0.1:5000/test/app", "root", "abc")]
    [InlineData("127.0.0.1:5000/test/app", "root", "../../../../../../../../../../../../../../../../../../../../../../")]
    [InlineData("127.0.0.1:5000/../../v2", "root", null)]
    [InlineData("127.0.0.1:5000/test/app?x", "root", null)]
    [InlineData("127.0.0.1:5000/test app", "root", null)]
    [InlineData("127.0.0.1:5000//app", "root", null)]
    public async Task Should_Refuse_Before_Any_Request_When_A_Name_Is_Invalid(string gun, string role, string? sha256Hex)
    {
        var requests = 0;
        using var handler = new CountingHandler(() => requests++);
        using var client = new NotaryServerClient(new NotaryServerOptions(new Uri("http://127.0.0.1:9")), handler);

        await Assert.ThrowsAsync<InvalidInputException>(() => client.GetMetadataAsync(gun, role, sha256Hex, 1024, None));
        if (sha256Hex is null)
        {
            await Assert.ThrowsAsync<InvalidInputException>(() => client.PublishAsync(gun, [new(role, [])], None));
        }

        Assert.Equal(0, requests);
    }

    [Fact]
    public async Task Should_Build_Consistent_Urls_When_Given_A_Delegation_And_A_Checksum()
    {
        var urls = new List<string>();
        using var handler = new CountingHandler(() => { }, urls);
        using var client = new NotaryServerClient(new NotaryServerOptions(new Uri("http://127.0.0.1:9/prefix/")), handler);
        var hex = new string('A', 64);

        Assert.Null(await client.GetMetadataAsync("127.0.0.1:5000/test/app", "targets/releases", hex, 1024, None));
        Assert.Null(await client.GetRootVersionAsync("127.0.0.1:5000/test/app", 3, 1024, None));

        Assert.Equal(
            [$"http://127.0.0.1:9/prefix/v2/127.0.0.1:5000/test/app/_trust/tuf/targets/releases.{new string('a', 64)}.json",
             "http://127.0.0.1:9/prefix/v2/127.0.0.1:5000/test/app/_trust/tuf/3.root.json"],
            urls);
    }

    /// <summary>Answers 404 to everything and counts what reached it.</summary>
    private sealed class CountingHandler(Action onRequest, List<string>? urls = null) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            urls?.Add(request.RequestUri!.AbsoluteUri);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
