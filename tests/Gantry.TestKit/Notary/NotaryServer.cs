using System.Net;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Tools;

namespace Gantry.TestKit.Notary;

/// <summary>
/// Debian's <c>notary-server</c> (Notary v1, 0.7.0) on 127.0.0.1 with a free port: memory storage, the built-in
/// "local" ed25519 signer, plain HTTP, config and log in a temp folder. All trust data lives in the process, so each
/// instance is an independent server (a GUN can have another root on another instance). With a <see cref="TokenIssuer"/>
/// it requires docker-distribution bearer tokens from it (<c>auth.type: token</c>), as Harbor's notary does. Disposing stops the process.
/// </summary>
public sealed class NotaryServer : IDisposable
{
    private readonly ServerProcess _process;

    private NotaryServer(ServerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server URL without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public string LogPath => _process.LogPath;

    /// <summary>Installs the Debian package that ships <c>notary</c> and <c>notary-server</c> on a clean machine.</summary>
    public static async Task EnsureToolsAsync()
    {
        await ToolInstaller.EnsureAptPackageAsync("notary", "/usr/bin/notary-server");
        await ToolInstaller.EnsureAptPackageAsync("notary", "/usr/bin/notary");
    }

    /// <summary>Starts a new, empty server; call it again for a second independent one. With <paramref name="issuer"/>, only its tokens get in.</summary>
    public static async Task<NotaryServer> StartAsync(TokenIssuer? issuer = null)
    {
        await EnsureToolsAsync();
        var root = Path.Combine(Path.GetTempPath(), "gantry-notary-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var port = LoopbackPorts.Free();
        var configPath = Path.Combine(root, "server.json");
        // notary-server 0.7.0 reads the same four options as distribution's token access controller.
        var auth = issuer is null
            ? string.Empty
            : $$$""","auth":{"type":"token","options":{"realm":{{{Json(issuer.Realm)}}},"service":{{{Json(TokenIssuer.Service)}}},"issuer":{{{Json(TokenIssuer.Issuer)}}},"rootcertbundle":{{{Json(issuer.CertificatePath)}}}}}""";
        await File.WriteAllTextAsync(configPath,
            $$$"""{"server":{"http_addr":"127.0.0.1:{{{port}}}"},"trust_service":{"type":"local"},"storage":{"backend":"memory"},"logging":{"level":"error"}{{{auth}}}}""");
        var process = await ServerProcess.StartAsync("notary-server", ["-config", configPath], root, "server.log",
            new Uri($"http://127.0.0.1:{port}/_notary_server/health"), status => status == HttpStatusCode.OK);
        return new NotaryServer(process, port);
    }

    public void Dispose() => _process.Dispose();

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
