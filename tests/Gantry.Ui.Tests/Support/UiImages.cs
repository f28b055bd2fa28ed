using System.Text.Json.Nodes;
using Gantry.TestKit.Images;

namespace Gantry.Ui.Tests.Support;

/// <summary>The images and the policy bundle the UI tests analyze and evaluate.</summary>
public static class UiImages
{
    public const string VulnerableBasePackage = "base-lib";
    public const string VulnerableAppPackage = "app-tool";
    public const string Cve = "CVE-2099-0001";
    public const string Payload = "<script>window.__scriptRan=true;alert(1)</script>";
    public const string LinkPayload = "javascript:window.__scriptRan=true";
    public const string PolicyId = "ui-test-bundle";

    /// <summary>Stops on exposed port 22, as the service tests' bundles use the dockerfile gate.</summary>
    public static readonly string StopOnSshBundle = new JsonObject
    {
        ["id"] = PolicyId, ["version"] = "1_0", ["name"] = "UI test", ["comment"] = "stops on port 22",
        ["whitelisted_images"] = new JsonArray(), ["blacklisted_images"] = new JsonArray(), ["whitelists"] = new JsonArray(),
        ["mappings"] = new JsonArray(new JsonObject
        {
            ["id"] = "m1", ["name"] = "all", ["registry"] = "*", ["repository"] = "*", ["image"] = new JsonObject { ["type"] = "tag", ["value"] = "*" },
            ["policy_ids"] = new JsonArray("p1"), ["whitelist_ids"] = new JsonArray(),
        }),
        ["policies"] = new JsonArray(new JsonObject
        {
            ["id"] = "p1", ["name"] = "no ssh", ["version"] = "1_0",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["id"] = "r1", ["gate"] = "dockerfile", ["trigger"] = "exposed_ports", ["action"] = "STOP",
                ["params"] = new JsonArray(new JsonObject { ["name"] = "ports", ["value"] = "22" }, new JsonObject { ["name"] = "type", ["value"] = "blacklist" }),
            }),
        }),
    }.ToJsonString();

    /// <summary>A Debian 12 base layer with a vulnerable package, the base image's CMD, then an application layer adding another, exposing port 22.</summary>
    public static BuiltImage Shop()
    {
        var image = new SyntheticImage { RepoTag = "ui/shop:1" };
        image.ExposedPorts.Add("22/tcp");
        image.Layer(l => l.File("etc/os-release", OsRelease).File("var/lib/dpkg/status", Dpkg(VulnerableBasePackage)), "/bin/sh -c #(nop) ADD file:rootfs in / ");
        image.Layer(l => l.File("var/lib/dpkg/status", Dpkg(VulnerableBasePackage, VulnerableAppPackage)).File("app/run.sh", "#!/bin/sh\nexec app-tool\n"),
            "/bin/sh -c apt-get install -y app-tool");
        return WithBaseImageEnd(image.Build());
    }

    /// <summary>An image whose package names and history carry markup and a <c>javascript:</c> URL.</summary>
    public static BuiltImage Hostile()
    {
        var image = new SyntheticImage { RepoTag = "ui/hostile:1" };
        image.Layer(l => l.File("etc/os-release", OsRelease).File("var/lib/dpkg/status", Dpkg(Payload, LinkPayload)), $"/bin/sh -c echo '{Payload}' # {LinkPayload}");
        return image.Build();
    }

    /// <summary>
    /// Adds the empty <c>CMD</c> history entry a base image ends with after the first layer, so the service tells the
    /// base image's layer from the application's as it does for real images.
    /// </summary>
    private static BuiltImage WithBaseImageEnd(BuiltImage image)
    {
        var config = SyntheticImage.ParseJson(image.Config);
        var history = config["history"]!.AsArray();
        history.Insert(1, new JsonObject { ["created_by"] = "/bin/sh -c #(nop)  CMD [\"bash\"]", ["empty_layer"] = true });
        var bytes = SyntheticImage.ToJsonBytes(config);
        return image with { Config = bytes, Manifest = SyntheticImage.BuildManifest(bytes, image.Layers) };
    }

    private const string OsRelease = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\nVERSION_CODENAME=bookworm\n";

    private static string Dpkg(params string[] packages) =>
        string.Concat(packages.Select(p =>
            $"Package: {p}\nStatus: install ok installed\nPriority: optional\nSection: misc\nInstalled-Size: 1\nMaintainer: Gantry Tests <tests@example.org>\nArchitecture: amd64\nVersion: 1.0-1\nDescription: test package\n\n"));
}
