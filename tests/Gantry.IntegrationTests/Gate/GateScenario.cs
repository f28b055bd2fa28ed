using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gantry.Cli;
using Gantry.Cli.Infrastructure;
using Gantry.TestKit.Images;
using Gantry.TestKit.Registry;

namespace Gantry.IntegrationTests.Gate;

/// <summary>
/// The images, keys and bundle of the gate tests, in one temp folder: a Debian-like base image, application images
/// built on it (the base's layers, one more layer, and the OCI base annotations on the manifest), signing key pairs
/// and a bundle that stops on an unverified base image or port 22.
/// </summary>
internal sealed class GateScenario : IDisposable
{
    public const string BaseNameAnnotation = "org.opencontainers.image.base.name";
    public const string BaseDigestAnnotation = "org.opencontainers.image.base.digest";

    public GateScenario()
    {
        Folder = RegistryImages.TempFolder();
        BasePolicy = Path.Combine(Folder, "base-policy.json");
        File.WriteAllText(BasePolicy, BasePolicyJson);
    }

    public string Folder { get; }

    /// <summary>A bundle with two STOP rules: <c>base_image signature_not_verified</c> and <c>dockerfile exposed_ports 22</c>.</summary>
    public string BasePolicy { get; }

    public static string DefaultBundle => Path.Combine(TestKit.SharedPaths.Corpus, "anchore-policies", "anchore_default_bundle.json");

    public static BuiltImage BaseImage()
    {
        var image = new SyntheticImage { RepoTag = "base" };
        image.Layer(l => l
            .File("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")
            .File("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
            .File("var/lib/dpkg/status", "Package: base-files\nStatus: install ok installed\nPriority: required\nSection: admin\nInstalled-Size: 340\nMaintainer: Santiago Vila <sanvila@debian.org>\nArchitecture: amd64\nVersion: 12.4+deb12u5\nDescription: Debian base system miscellaneous files\n"),
            "ADD rootfs.tar /");
        return image.Build();
    }

    /// <summary>The base's layers plus an application layer; the manifest names the base image by reference and digest.</summary>
    public static BuiltImage AppOn(BuiltImage baseImage, string baseReference, string marker = "app")
    {
        var app = new SyntheticImage { RepoTag = marker };
        app.Layer(l => l.File("app/server.py", $"print('{marker}')\n"), "COPY server.py /app/");
        var layers = baseImage.Layers.Concat(app.Build().Layers).ToList();
        var config = app.BuildConfig(layers);
        var manifest = SyntheticImage.ParseJson(SyntheticImage.BuildManifest(config, layers));
        manifest["annotations"] = new JsonObject { [BaseNameAnnotation] = baseReference, [BaseDigestAnnotation] = baseImage.ManifestDigest };
        return new BuiltImage(layers, config, SyntheticImage.ToJsonBytes(manifest), marker);
    }

    public static BuiltImage SshServer()
    {
        var image = new SyntheticImage { RepoTag = "ssh" };
        image.ExposedPorts.Add("22/tcp");
        image.Layer(l => l.File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("usr/sbin/sshd", "#!/bin/sh\n", (UnixFileMode)0x1ED), "ADD sshd /usr/sbin/");
        return image.Build();
    }

    /// <summary>Writes the image as an OCI layout and returns the gate source for it.</summary>
    public string Layout(BuiltImage image)
    {
        var directory = Path.Combine(Folder, "layout-" + Guid.NewGuid().ToString("N")[..8]);
        SyntheticImage.WriteOciLayout(image, directory);
        return "oci-dir:" + directory;
    }

    /// <summary>A P-256 key pair as PEM files (unencrypted PKCS#8 private key, SubjectPublicKeyInfo public key) in <paramref name="folder"/>.</summary>
    public (string PrivateKey, string PublicKey) KeyPair(string name, string? folder = null)
    {
        folder ??= Folder;
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePath = Path.Combine(Folder, name + ".key");
        var publicPath = Path.Combine(folder, name + ".pub");
        File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem());
        return (privatePath, publicPath);
    }

    /// <summary>The repository's tags as the registry lists them; empty when the repository does not exist.</summary>
    public static async Task<IReadOnlyList<string>> TagsAsync(LocalRegistry registry, string repository)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://{registry.Host}/v2/{repository}/tags/list"));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var tags = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["tags"]?.AsArray();
        return tags is null ? [] : tags.Select(t => t!.GetValue<string>()).ToList();
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private const string BasePolicyJson = """
        {
          "id": "trusted-base", "version": "1_0", "name": "trusted base images",
          "policies": [{
            "id": "p1", "version": "1_0", "name": "base must be signed",
            "rules": [
              { "id": "r1", "gate": "base_image", "trigger": "signature_not_verified", "action": "STOP", "params": [] },
              { "id": "r2", "gate": "dockerfile", "trigger": "exposed_ports", "action": "STOP",
                "params": [{ "name": "ports", "value": "22" }, { "name": "type", "value": "blacklist" }] }
            ]
          }],
          "whitelists": [],
          "mappings": [{ "id": "m1", "name": "all", "registry": "*", "repository": "*", "image": { "type": "tag", "value": "*" },
                         "policy_ids": ["p1"], "whitelist_ids": [] }]
        }
        """;
}
