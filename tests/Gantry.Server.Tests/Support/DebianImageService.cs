using Gantry.TestKit.Images;
using Gantry.TestKit.Matching;
using Gantry.TestKit.Registry;

namespace Gantry.Server.Tests.Support;

/// <summary>
/// The real Debian test image in an htpasswd registry, and <c>gantry serve</c> (a process) with the corpus
/// vulnerability database, on SQLite: shared by the end-to-end tests of one class.
/// </summary>
public class DebianImageService : IAsyncLifetime, IDisposable
{
    public const string Repository = "debian";
    public const string Tag = "12";

    private readonly RegistryFixture _registries = new();

    public LocalRegistry Registry { get; private set; } = null!;

    public RealDebianImage Image { get; private set; } = null!;

    public ServiceProcess Service { get; private set; } = null!;

    public string FullTag => $"{Registry.Host}/{Repository}:{Tag}";

    protected virtual StateBackend Backend => StateBackend.Sqlite;

    public async Task InitializeAsync()
    {
        await AnchoreCli.EnsureInstalledAsync();
        Image = await RealDebianImage.GetAsync();
        Registry = await _registries.BasicAsync();
        await RegistryImages.SkopeoCopyAsync($"oci:{Image.OciLayout}:debian:12", Registry, $"{Repository}:{Tag}");
        var environment = new Dictionary<string, string> { ["GANTRY_DB"] = CorpusVulnerabilityDatabase.Path };
        await StateBackends.AddToAsync(environment, Backend);

        Service = await ServiceProcess.StartAsync(RegistryImages.TempFolder(), environment);
    }

    public Task DisposeAsync()
    {
        Service.Dispose();
        Directory.Delete(Service.DataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registries.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same service on PostgreSQL.</summary>
public sealed class PostgresDebianImageService : DebianImageService
{
    protected override StateBackend Backend => StateBackend.Postgres;
}
