using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gantry.TestKit.Registry;

/// <summary>
/// A small bearer-token service for the distribution registry's <c>auth.token</c> mode: it checks
/// basic credentials, grants what is asked for, and signs ES256 JWTs with a self-signed certificate
/// that the registry trusts (<c>rootcertbundle</c>) and finds through the token's <c>x5c</c> header.
/// Anonymous callers get pull access only when <see cref="AllowAnonymousPull"/> is set.
/// </summary>
public sealed class TokenIssuer : IDisposable
{
    public const string Service = "gantry-test-registry";
    public const string Issuer = "gantry-test-issuer";

    private readonly LoopbackServer _server;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _certificateDer;
    private readonly string _root;
    private int _requests;

    public TokenIssuer()
    {
        _root = Path.Combine(Path.GetTempPath(), "gantry-token-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        var request = new CertificateRequest("CN=gantry test token issuer", _key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        _certificateDer = certificate.Export(X509ContentType.Cert);
        CertificatePath = Path.Combine(_root, "issuer.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        _server = new LoopbackServer(Handle);
        Realm = $"http://{_server.Host}/token";
    }

    public string Realm { get; }

    public string CertificatePath { get; }

    public bool AllowAnonymousPull { get; set; }

    /// <summary>How many tokens were asked for: a client that caches per scope asks once per scope.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>The scopes of every token request, in order.</summary>
    public List<string> RequestedScopes { get; } = [];

    public void Dispose()
    {
        _server.Dispose();
        _key.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private void Handle(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var scopes = context.Request.QueryString.GetValues("scope") ?? [];
        lock (RequestedScopes)
        {
            RequestedScopes.Add(string.Join(' ', scopes));
        }

        var header = context.Request.Headers["Authorization"];
        string subject;
        if (header is not null && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            if (pair != $"{LocalRegistry.Username}:{LocalRegistry.Password}")
            {
                context.Response.StatusCode = 401;
                return;
            }

            subject = LocalRegistry.Username;
        }
        else
        {
            subject = string.Empty;
        }

        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var first = scope.IndexOf(':');
            var last = scope.LastIndexOf(':');
            if (first <= 0 || last <= first)
            {
                continue;
            }

            var actions = scope[(last + 1)..].Split(',').Where(a => subject.Length > 0 || (AllowAnonymousPull && a == "pull")).ToArray();
            access.Add(new JsonObject
            {
                ["type"] = scope[..first],
                ["name"] = scope[(first + 1)..last],
                ["actions"] = new JsonArray(actions.Select(a => (JsonNode)a!).ToArray()),
            });
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = Sign(new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        });
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = token, ["expires_in"] = 300 }.ToJsonString());
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
    }

    private string Sign(JsonObject claims)
    {
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificateDer)),
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        // JWS ES256 wants r||s (IEEE P1363), which is .NET's default ECDSA signature format.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
