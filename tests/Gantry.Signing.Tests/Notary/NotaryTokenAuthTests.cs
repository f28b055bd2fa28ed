using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.Core;
using Gantry.Images.Registry;
using Gantry.Signing.Notary;
using Gantry.Signing.Tuf;
using Gantry.TestKit.Notary;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests.Notary;

/// <summary>
/// Gantry's notary client against Debian's notary-server with token auth (as Harbor runs it): the 401 challenge is
/// answered with a bearer token from a <see cref="TokenIssuer"/> for the GUN's scope, with the registry login.
/// </summary>
[Slow(SlowBecause.Notary)]
public sealed class NotaryTokenAuthTests : IDisposable
{
    private const string Passphrase = "test-passphrase";
    private static readonly RegistryCredential Login = new(LocalRegistry.Username, LocalRegistry.Password);
    private readonly string _trustDir = Directory.CreateTempSubdirectory("gantry-trust-").FullName;

    public void Dispose() => Directory.Delete(_trustDir, recursive: true);

    private static string NewGun() => $"127.0.0.1:5000/test/auth-{Guid.NewGuid():N}"[..40];

    private static FileMeta Manifest(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return FileMeta.ForDigest(SHA256.HashData(bytes), bytes.Length);
    }

    /// <summary>Never the user's docker config: what the test gives is all the client has.</summary>
    private static NotaryServerClient Client(NotaryServer server, RegistryCredential? credential) =>
        new(new NotaryServerOptions(new Uri(server.Url)) { Credential = credential, ReadDockerConfig = false });

    private TrustPublisher Publisher(NotaryServerClient client) =>
        new(client, new TrustDirectory(_trustDir), (_, _, _) => Passphrase, TimeProvider.System);

    [Fact]
    public async Task Should_Sign_And_Read_Back_When_The_Server_Requires_Tokens_And_The_Login_Is_Given()
    {
        // Given
        using var issuer = new TokenIssuer();
        using var server = await NotaryServer.StartAsync(issuer);
        using var client = Client(server, Login);
        var gun = NewGun();
        var manifest = Manifest("{\"schemaVersion\":2}");

        // When
        await Publisher(client).SignAsync(gun, "v1", manifest, CancellationToken.None);
        var read = await new TrustDataReader(client, new TrustDirectory(_trustDir), TimeProvider.System).ReadAsync(gun, CancellationToken.None);

        // Then: tokens for the whole GUN, host included, and the real notary client (NOTARY_AUTH) sees the signature too
        Assert.Equal(Convert.ToHexStringLower(manifest.Sha256!), read?.ReleasedTarget("v1")?.Digest.Split(':')[1]);
        Assert.Contains(issuer.RequestedScopes, s => s.Split(' ').Contains($"repository:{gun}:pull"));
        Assert.Contains(issuer.RequestedScopes, s => s.Split(' ').Contains($"repository:{gun}:pull,push"));
        var trustDir = Directory.CreateTempSubdirectory("gantry-notary-trust-").FullName;
        try
        {
            var rows = await new NotaryCli(server.Url, trustDir, Passphrase, (Login.Username, Login.Secret)).ListAsync(gun);
            Assert.Equal("v1", Assert.Single(rows).Name);
        }
        finally
        {
            Directory.Delete(trustDir, recursive: true);
        }
    }

    [Fact]
    public async Task Should_Refuse_A_Token_Whose_Scope_Names_The_Repository_Without_Its_Host()
    {
        // Given: a registry-style scope (the path without the host) with a valid login
        using var issuer = new TokenIssuer();
        using var server = await NotaryServer.StartAsync(issuer);
        var gun = NewGun();
        using (var client = Client(server, Login))
        {
            await Publisher(client).SignAsync(gun, "v1", Manifest("one"), CancellationToken.None);
        }

        using var http = new HttpClient();
        var path = gun[(gun.IndexOf('/', StringComparison.Ordinal) + 1)..];

        // When
        var withoutHost = await StatusWithTokenAsync(http, issuer, server, gun, $"repository:{path}:pull");
        var withHost = await StatusWithTokenAsync(http, issuer, server, gun, $"repository:{gun}:pull");

        // Then: notary-server authorizes on the full GUN
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (withoutHost, withHost));
    }

    [Fact]
    public async Task Should_Fail_In_One_Line_Without_The_Password_When_The_Password_Is_Wrong()
    {
        // Given
        using var issuer = new TokenIssuer();
        using var server = await NotaryServer.StartAsync(issuer);
        const string wrong = "not-the-password-s3cr3t";
        using var client = Client(server, new RegistryCredential(LocalRegistry.Username, wrong));

        // When
        var ex = await Assert.ThrowsAsync<EnvironmentException>(() =>
            new TrustDataReader(client, new TrustDirectory(_trustDir), TimeProvider.System).ReadAsync(NewGun(), CancellationToken.None));

        // Then
        Assert.StartsWith($"notary server {server.Url}: the token service refused the credentials of '{LocalRegistry.Username}'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Should_Say_How_To_Give_The_Login_When_There_Is_None()
    {
        // Given
        using var issuer = new TokenIssuer();
        using var server = await NotaryServer.StartAsync(issuer);
        using var client = Client(server, credential: null);
        var gun = NewGun();

        // When
        var ex = await Assert.ThrowsAsync<EnvironmentException>(() => Publisher(client).SignAsync(gun, "v1", Manifest("one"), CancellationToken.None));

        // Then
        Assert.Equal(
            $"notary server {server.Url}: authentication required for repository:{gun}:pull and no credentials were found "
            + $"(give the registry login with --username and --password-stdin or GANTRY_REGISTRY_USERNAME/GANTRY_REGISTRY_PASSWORD, or docker login 127.0.0.1:{server.Port})",
            ex.Message);
    }

    [Fact]
    public async Task Should_Ask_For_A_Token_Once_Per_Scope_When_Signing_And_Reading_Repeatedly()
    {
        // Given
        using var issuer = new TokenIssuer();
        using var server = await NotaryServer.StartAsync(issuer);
        using var client = Client(server, Login);
        var gun = NewGun();
        var reader = new TrustDataReader(client, new TrustDirectory(_trustDir), TimeProvider.System);

        // When
        await Publisher(client).SignAsync(gun, "v1", Manifest("one"), CancellationToken.None);
        await Publisher(client).SignAsync(gun, "v2", Manifest("two"), CancellationToken.None);
        await reader.ReadAsync(gun, CancellationToken.None);
        await reader.ReadAsync(gun, CancellationToken.None);

        // Then: one request for pull, one for push and pull, however many files moved
        var scopes = issuer.RequestedScopes.ToList();
        Assert.Equal(2, issuer.RequestCount);
        Assert.Equal(scopes.Count, scopes.Distinct().Count());
    }

    [Fact]
    public async Task Should_Answer_A_Basic_Challenge_With_The_Login_Once_For_Every_Scope()
    {
        // Given: a server behind basic auth (a proxy in front of notary)
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Login.Username}:{Login.Secret}"));
        var anonymous = 0;
        using var server = new LoopbackServer(context =>
        {
            if (context.Request.Headers["Authorization"] != expected)
            {
                Interlocked.Increment(ref anonymous);
                context.Response.StatusCode = 401;
                context.Response.AddHeader("WWW-Authenticate", "Basic realm=\"notary\"");
                return;
            }

            context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/v2/" ? 200 : 404;
        });
        using var client = new NotaryServerClient(new NotaryServerOptions(new Uri($"http://{server.Host}")) { Credential = Login, ReadDockerConfig = false });

        // When
        await client.PingAsync(CancellationToken.None);
        var missing = await client.GetMetadataAsync(NewGun(), "root", null, NotaryServerClient.MaxRootBytes, CancellationToken.None);

        // Then: one challenge, then the login goes with every request
        Assert.Null(missing);
        Assert.Equal(1, Volatile.Read(ref anonymous));
    }

    private static async Task<HttpStatusCode> StatusWithTokenAsync(HttpClient http, TokenIssuer issuer, NotaryServer server, string gun, string scope)
    {
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get,
            $"{issuer.Realm}?service={Uri.EscapeDataString(TokenIssuer.Service)}&scope={Uri.EscapeDataString(scope)}");
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Login.Username}:{Login.Secret}")));
        using var tokenResponse = await http.SendAsync(tokenRequest);
        tokenResponse.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{server.Url}/v2/{gun}/_trust/tuf/root.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("token").GetString());
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
