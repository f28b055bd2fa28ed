using System.Text.Json;
using Gantry.TestKit;
using Gantry.TestKit.Images;

namespace Gantry.Deploy.Tests.Image;

/// <summary>
/// Gantry's own image (<see cref="GantryContainerImage"/>) unpacked with umoci into a temporary folder, as a container
/// runtime would lay it out, with its image config read from the OCI layout.
/// </summary>
public sealed class UnpackedImage : IAsyncLifetime
{
    private readonly string _bundle = Path.Combine(Path.GetTempPath(), $"gantry-own-image-{Guid.NewGuid():N}");

    public GantryContainerImage Image { get; private set; } = null!;

    /// <summary>The image config's <c>config</c> object (User, Entrypoint, Cmd, Env, ExposedPorts…).</summary>
    public JsonElement Config { get; private set; }

    public string RootFs => Path.Combine(_bundle, "rootfs");

    public async Task InitializeAsync()
    {
        Image = await GantryContainerImage.GetAsync();
        await ProcessRunner.CheckedAsync("umoci", "unpack", "--image", $"{Image.OciLayout}:{GantryContainerImage.Tag}", _bundle);
        Config = ReadConfig(Image.OciLayout);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_bundle, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>index.json → the one manifest → its config blob.</summary>
    private static JsonElement ReadConfig(string layout)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var manifest = Blob(layout, index.RootElement.GetProperty("manifests").EnumerateArray().Single());
        var config = Blob(layout, manifest.GetProperty("config"));
        return config.GetProperty("config").Clone();
    }

    private static JsonElement Blob(string layout, JsonElement descriptor)
    {
        var digest = descriptor.GetProperty("digest").GetString()!.Split(':');
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "blobs", digest[0], digest[1])));
        return document.RootElement.Clone();
    }
}
