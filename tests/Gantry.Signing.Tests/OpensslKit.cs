using Gantry.TestKit;
using Gantry.TestKit.Tools;

namespace Gantry.Signing.Tests;

/// <summary>openssl as the independent implementation: keys, signatures and checks Gantry did not make.</summary>
internal sealed class OpensslKit : IDisposable
{
    public OpensslKit()
    {
        Folder = Path.Combine(Path.GetTempPath(), "gantry-signing-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static Task EnsureInstalledAsync() => ToolInstaller.EnsureAptPackageAsync("openssl", "/usr/bin/openssl");

    public static async Task<ProcessRunner.Result> RunAsync(params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await ProcessRunner.RunAsync("openssl", arguments, timeout: TimeSpan.FromMinutes(1));
    }

    public static async Task<string> CheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
    }

    /// <summary>An unencrypted P-256 key pair made by openssl: (private PEM path, public PEM path).</summary>
    public async Task<(string PrivateKey, string PublicKey)> NewKeyPairAsync(string name)
    {
        var privateKey = PathOf(name + ".pem");
        var publicKey = PathOf(name + ".pub");
        await CheckedAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", privateKey);
        await CheckedAsync("pkey", "-in", privateKey, "-pubout", "-out", publicKey);
        return (privateKey, publicKey);
    }

    /// <summary>ECDSA-SHA256 over the file's bytes, DER-encoded, as cosign writes it.</summary>
    public async Task<byte[]> SignAsync(string privateKey, byte[] payload)
    {
        var payloadPath = PathOf("payload-" + Guid.NewGuid().ToString("N")[..8]);
        var signaturePath = payloadPath + ".sig";
        await File.WriteAllBytesAsync(payloadPath, payload);
        await CheckedAsync("dgst", "-sha256", "-sign", privateKey, "-out", signaturePath, payloadPath);
        return await File.ReadAllBytesAsync(signaturePath);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
