using System.Net;
using Gantry.TestKit.Tools;

namespace Gantry.TestKit.Registry;

public enum RegistryAuth
{
    None,
    Htpasswd,
    Token,
}

/// <summary>
/// Debian's <c>docker-registry</c> (the reference distribution registry) on 127.0.0.1 with a free
/// port and a filesystem store in a temp folder, plain HTTP, with htpasswd basic auth or trusting a
/// <see cref="TokenIssuer"/>. Disposing stops the process it started and deletes the store.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string Username = "testuser";
    public const string Password = "testpass";

    private readonly ServerProcess _process;

    private LocalRegistry(ServerProcess process, int port, RegistryAuth auth, string? caFile)
    {
        _process = process;
        Port = port;
        Auth = auth;
        CaFile = caFile;
    }

    public int Port { get; }

    public RegistryAuth Auth { get; }

    /// <summary>The registry as references name it: <c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public string LogPath => _process.LogPath;

    /// <summary>For a TLS registry, the PEM of its self-signed certificate (its own CA); null for plain HTTP.</summary>
    public string? CaFile { get; }

    /// <summary>Installs what registry tests need on a clean machine: the registry, htpasswd, skopeo and umoci.</summary>
    public static async Task EnsureToolsAsync()
    {
        await ToolInstaller.EnsureAptPackageAsync("docker-registry", "/usr/bin/docker-registry");
        await ToolInstaller.EnsureAptPackageAsync("apache2-utils", "/usr/bin/htpasswd");
        await ToolInstaller.EnsureAptPackageAsync("skopeo", "/usr/bin/skopeo");
        await ToolInstaller.EnsureAptPackageAsync("umoci", "/usr/bin/umoci");
    }

    public static async Task<LocalRegistry> StartAsync(RegistryAuth auth, TokenIssuer? issuer = null, bool tls = false)
    {
        await EnsureToolsAsync();
        var root = Path.Combine(Path.GetTempPath(), "gantry-registry-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var port = LoopbackPorts.Free();
        var config = new List<string>
        {
            "version: 0.1",
            "log: {level: info}",
            "storage:",
            $"  filesystem: {{rootdirectory: {root}/data}}",
            "  delete: {enabled: true}",
            "http:",
            $"  addr: 127.0.0.1:{port}",
            "  secret: test-only-not-secret",
        };
        string? caFile = null;
        if (tls)
        {
            caFile = WriteSelfSignedCertificate(root);
            config.Add($"  tls: {{certificate: {caFile}, key: {root}/tls.key}}");
        }

        switch (auth)
        {
            case RegistryAuth.Htpasswd:
                var htpasswd = await ProcessRunner.CheckedAsync("htpasswd", "-Bbn", Username, Password);
                await File.WriteAllTextAsync(Path.Combine(root, "htpasswd"), htpasswd);
                config.AddRange(["auth:", $"  htpasswd: {{realm: basic-realm, path: {root}/htpasswd}}"]);
                break;
            case RegistryAuth.Token:
                ArgumentNullException.ThrowIfNull(issuer);
                config.AddRange([
                    "auth:",
                    "  token:",
                    $"    realm: {issuer.Realm}",
                    $"    service: {TokenIssuer.Service}",
                    $"    issuer: {TokenIssuer.Issuer}",
                    $"    rootcertbundle: {issuer.CertificatePath}",
                ]);
                break;
        }

        var configPath = Path.Combine(root, "config.yml");
        await File.WriteAllLinesAsync(configPath, config);
        var ready = new Uri($"{(caFile is null ? "http" : "https")}://127.0.0.1:{port}/v2/");
        var process = await ServerProcess.StartAsync("docker-registry", ["serve", configPath], root, "registry.log", ready,
            status => status is HttpStatusCode.OK or HttpStatusCode.Unauthorized);
        return new LocalRegistry(process, port, auth, caFile);
    }

    public void Dispose() => _process.Dispose();

    private static string WriteSelfSignedCertificate(string root)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(root, "tls.crt");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(root, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return path;
    }
}
