using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;

namespace Gantry.Server.Tests.Support;

/// <summary>
/// The real Debian test image in an htpasswd registry, and <c>gantry serve</c> (a process) with the corpus
/// vulnerability database: shared by the end-to-end tests of one class.
/// </summary>
public sealed class DebianImageService : IAsyncLifetime, IDisposable
{
    public const string Repository = "debian";
    public const string Tag = "12";

    private readonly RegistryFixture _registries = new();

    public LocalRegistry Registry { get; private set; } = null!;

    public RealDebianImage Image { get; private set; } = null!;

    public ServiceProcess Service { get; private set; } = null!;

    public string FullTag => $"{Registry.Host}/{Repository}:{Tag}";

    public async Task InitializeAsync()
    {
        await AnchoreCli.EnsureInstalledAsync();
        Image = await RealDebianImage.GetAsync();
        Registry = await _registries.BasicAsync();
        await RegistryImages.SkopeoCopyAsync($"oci:{Image.OciLayout}:debian:12", Registry, $"{Repository}:{Tag}");
        Service = await ServiceProcess.StartAsync(RegistryImages.TempFolder(), new Dictionary<string, string> { ["GANTRY_DB"] = CorpusVulnerabilityDatabase.Path });
    }

    public Task DisposeAsync()
    {
        Service.Dispose();
        Directory.Delete(Service.DataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    public void Dispose() => _registries.Dispose();
}
