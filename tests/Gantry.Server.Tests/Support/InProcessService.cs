using Gantry.Engine;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Gantry.TestKit;
using Gantry.TestKit.Registry;
using Microsoft.AspNetCore.Builder;

namespace Gantry.Server.Tests.Support;

/// <summary>The service hosted in the test process on a free loopback port, over a fresh data folder (and a fresh PostgreSQL database on that backend).</summary>
public sealed class InProcessService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessService(WebApplication app, ServerConfig config)
    {
        _app = app;
        Config = config;
    }

    public ServerConfig Config { get; }

    /// <summary>The service's container, so a test can run a watcher's cycle directly instead of waiting for its timer.</summary>
    public IServiceProvider Services => _app.Services;

    public string BaseUrl => $"http://{Config.Listen}";

    public static async Task<InProcessService> StartAsync(Func<ServerConfig, ServerConfig>? configure = null, StateBackend backend = StateBackend.Sqlite)
    {
        var data = RegistryImages.TempFolder();
        var postgres = await StateBackends.ConnectionStringAsync(backend);
        var config = new ServerConfig
        {
            Listen = $"127.0.0.1:{LoopbackPorts.Free()}",
            DataDirectory = data,
            Postgres = postgres,
            SecretKey = postgres is null ? null : StateBackends.SharedSecretKey,
            AdminPassword = ServiceProcess.AdminPassword,
            DatabasePath = Path.Combine(data, "no-vulnerability-database.db"),
        };
        config = configure?.Invoke(config) ?? config;
        var app = ServerHost.Build(config, new GantryEngine());
        await app.StartAsync();
        return new InProcessService(app, config);
    }

    public AnchoreClient Client(string user = "admin", string password = ServiceProcess.AdminPassword, string? account = null) =>
        new(BaseUrl, user, password, account);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Config.DataDirectory, recursive: true);
    }
}
