using System.Text;
using System.Text.Json.Nodes;
using Gantry.TestKit.Images;

namespace Gantry.TestKit.Registry;

/// <summary>Small images for registry tests, and pushing them with skopeo (the peer implementation).</summary>
public static class RegistryImages
{
    /// <summary>A two-layer Debian-like image: os-release and a dpkg status with two packages, then an app file.</summary>
    public static BuiltImage Small(string architecture = "amd64", string marker = "one", int extraBytes = 0, LayerCompression compression = LayerCompression.Gzip)
    {
        var image = new SyntheticImage { Architecture = architecture, RepoTag = "small-" + marker, Compression = compression };
        image.Layer(l => l
            .File("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")
            .File("var/lib/dpkg/status", DpkgStatus(marker)), "base");
        image.Layer(l =>
        {
            l.File("app/marker.txt", $"{architecture} {marker}\n");
            if (extraBytes > 0)
            {
                var noise = new byte[extraBytes];
                new Random(extraBytes).NextBytes(noise);
                l.File("app/noise.bin", noise);
            }
        }, "app");
        return image.Build();
    }

    /// <summary>Writes an OCI layout whose tag names an index of the given single-platform images.</summary>
    public static void WriteIndexLayout(string directory, string tag, params BuiltImage[] images)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        void Blob(byte[] bytes) => File.WriteAllBytes(Path.Combine(blobs, SyntheticImage.Sha256(bytes)["sha256:".Length..]), bytes);
        var entries = new JsonArray();
        foreach (var image in images)
        {
            Blob(image.Manifest);
            Blob(image.Config);
            image.Layers.ForEach(l => Blob(l.Blob));
            var config = SyntheticImage.ParseJson(image.Config);
            entries.Add(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = image.ManifestDigest,
                ["size"] = image.Manifest.Length,
                ["platform"] = new JsonObject { ["architecture"] = config["architecture"]!.GetValue<string>(), ["os"] = "linux" },
            });
        }

        var index = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = entries,
        }.ToJsonString());
        Blob(index);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(directory, "index.json"), new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.index.v1+json",
                ["digest"] = SyntheticImage.Sha256(index),
                ["size"] = index.Length,
                ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
            }),
        }.ToJsonString());
    }

    /// <summary>Pushes an OCI layout (or any skopeo source such as <c>docker-archive:PATH</c>) to a local registry with skopeo.</summary>
    public static async Task SkopeoCopyAsync(string source, LocalRegistry registry, string repositoryAndTag, bool all = false)
    {
        var arguments = new List<string> { "copy", "--dest-tls-verify=false" };
        if (all)
        {
            arguments.Add("--all");
        }

        if (registry.Auth != RegistryAuth.None)
        {
            arguments.AddRange(["--dest-creds", $"{LocalRegistry.Username}:{LocalRegistry.Password}"]);
        }

        arguments.AddRange([source, $"docker://{registry.Host}/{repositoryAndTag}"]);
        var result = await ProcessRunner.RunAsync("skopeo", arguments, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"skopeo {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
        }
    }

    /// <summary>Writes the image as an OCI layout in a new temp folder and pushes it with skopeo.</summary>
    public static async Task PushAsync(BuiltImage image, LocalRegistry registry, string repositoryAndTag)
    {
        var folder = TempFolder();
        try
        {
            SyntheticImage.WriteOciLayout(image, folder);
            await SkopeoCopyAsync($"oci:{folder}:{image.RepoTag}", registry, repositoryAndTag);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gantry-regtest-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string DpkgStatus(string marker) =>
        $"Package: base-files\nStatus: install ok installed\nPriority: required\nSection: admin\nInstalled-Size: 340\nMaintainer: Santiago Vila <sanvila@debian.org>\nArchitecture: amd64\nVersion: 12.4+deb12u5\nDescription: Debian base system miscellaneous files\n\n"
        + $"Package: gantry-{marker}\nStatus: install ok installed\nPriority: optional\nSection: misc\nInstalled-Size: 1\nMaintainer: Gantry Tests <tests@example.org>\nArchitecture: amd64\nVersion: 1.0-1\nDescription: marker package {marker}\n";
}
