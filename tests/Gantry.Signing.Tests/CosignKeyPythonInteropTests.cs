using System.Security.Cryptography;
using Gantry.Signing.Keys;
using Gantry.TestKit;
using Gantry.TestKit.Tools;
using Gantry.TestKit.Traits;

namespace Gantry.Signing.Tests;

/// <summary>
/// cosign key files checked against an independent implementation: Debian's python3 with hashlib.scrypt and PyNaCl's
/// SecretBox (libsodium), following go-securesystemslib's <c>encrypted</c> format.
/// </summary>
[Slow(SlowBecause.ExternalTool)]
public sealed class CosignKeyPythonInteropTests : IDisposable
{
    private const string Password = "pässword with ünïcode";

    // Debian's interpreter, not a pyenv python3 on PATH: python3-nacl is installed for this one.
    private const string Python = "/usr/bin/python3";

    // decrypt PATH: prints "kdf N r p saltBytes cipher nonceBytes plaintextHex".
    // encrypt HEX: prints an ENCRYPTED SIGSTORE PRIVATE KEY PEM with N=65536, r=8, p=1 (what recent cosign releases write).
    private const string Script = """
        import base64, hashlib, json, os, sys, textwrap
        import nacl.secret
        password = os.environ["COSIGN_TEST_PASSWORD"].encode("utf-8")
        def derive(salt, n, r, p):
            return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)
        if sys.argv[1] == "decrypt":
            lines = open(sys.argv[2]).read().splitlines()
            body = json.loads(base64.b64decode("".join(l for l in lines if not l.startswith("-----"))))
            kdf, cipher = body["kdf"], body["cipher"]
            params, salt, nonce = kdf["params"], base64.b64decode(kdf["salt"]), base64.b64decode(cipher["nonce"])
            key = derive(salt, params["N"], params["r"], params["p"])
            plain = nacl.secret.SecretBox(key).decrypt(base64.b64decode(body["ciphertext"]), nonce)
            print(kdf["name"], params["N"], params["r"], params["p"], len(salt), cipher["name"], len(nonce), plain.hex())
        else:
            salt, nonce = os.urandom(32), os.urandom(24)
            sealed = nacl.secret.SecretBox(derive(salt, 65536, 8, 1)).encrypt(bytes.fromhex(sys.argv[2]), nonce).ciphertext
            body = {"kdf": {"name": "scrypt", "params": {"N": 65536, "r": 8, "p": 1}, "salt": base64.b64encode(salt).decode()},
                    "cipher": {"name": "nacl/secretbox", "nonce": base64.b64encode(nonce).decode()},
                    "ciphertext": base64.b64encode(sealed).decode()}
            encoded = base64.b64encode(json.dumps(body, separators=(",", ":")).encode()).decode()
            print("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----")
            print("\n".join(textwrap.wrap(encoded, 64)))
            print("-----END ENCRYPTED SIGSTORE PRIVATE KEY-----")
        """;

    private readonly OpensslKit _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Should_Be_Decrypted_By_Python_To_The_Key_Of_The_Pub_When_Written_By_Keygen()
    {
        using var pair = SigningKeyPair.Generate();
        var (privatePath, publicPath) = pair.WriteFiles(_files.PathOf("gantry"), Password, KeyFileFormat.Cosign);

        var fields = (await RunPythonAsync("decrypt", privatePath)).Trim().Split(' ');
        using var decrypted = ECDsa.Create();
        decrypted.ImportPkcs8PrivateKey(Convert.FromHexString(fields[^1]), out _);

        Assert.Equal(["scrypt", "32768", "8", "1", "32", "nacl/secretbox", "24"], fields[..^1]);
        Assert.Equal((await File.ReadAllTextAsync(publicPath)).Trim(), decrypted.ExportSubjectPublicKeyInfoPem());
    }

    [Fact]
    public async Task Should_Load_The_Key_When_Python_Encrypted_It_In_The_Cosign_Format()
    {
        using var original = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = _files.PathOf("python.key");
        await File.WriteAllTextAsync(path, await RunPythonAsync("encrypt", Convert.ToHexString(original.ExportPkcs8PrivateKey())));

        using var loaded = KeyLoader.LoadPrivateKey(path, () => Password);

        Assert.Equal(original.ExportSubjectPublicKeyInfo(), loaded.ExportSubjectPublicKeyInfo());
        Assert.Throws<Core.InvalidInputException>(() => KeyLoader.LoadPrivateKey(path, () => "pässword"));
    }

    private static async Task<string> RunPythonAsync(params string[] arguments)
    {
        await ToolInstaller.EnsureAptPackageAsync("python3-nacl", "/usr/lib/python3/dist-packages/nacl/secret.py");
        var result = await ProcessRunner.RunAsync(Python, ["-c", Script, .. arguments],
            environment: new Dictionary<string, string> { ["COSIGN_TEST_PASSWORD"] = Password }, timeout: TimeSpan.FromMinutes(1));
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"python3 {arguments[0]} failed ({result.ExitCode}): {result.Stderr}");
    }
}
