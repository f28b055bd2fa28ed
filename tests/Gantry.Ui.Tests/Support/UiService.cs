using Gantry.Engine;
using Gantry.Server.Accounts;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Gantry.Server.Images;
using Gantry.Server.Storage;
using Gantry.TestKit;
using Gantry.TestKit.Postgres;
using Gantry.TestKit.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Ui.Tests.Support;

/// <summary><c>gantry serve</c> hosted in the test process on a free loopback port over a fresh data folder, with its services at hand for seeding.</summary>
public sealed class UiService : IAsyncDisposable
{
    public const string AdminPassword = "ui-test-admin-password";

    private readonly WebApplication _app;
    private readonly string _data;
    private bool _disposed;

    private UiService(WebApplication app, ServerConfig config, string data)
    {
        _app = app;
        Config = config;
        _data = data;
    }

    public ServerConfig Config { get; }

    public string BaseUrl => $"http://{Config.Listen}";

    public IStateStore Store => Services.GetRequiredService<IStateStore>();

    public IServiceProvider Services => _app.Services;

    /// <summary>A service on <paramref name="backend"/>: SQLite in its data folder, or a fresh PostgreSQL database of the test run.</summary>
    public static async Task<UiService> StartAsync(StateBackend backend, Func<ServerConfig, ServerConfig>? configure = null)
    {
        var postgres = await StateBackends.ConnectionStringAsync(backend);
        return await StartAsync(c => (configure ?? (x => x))(postgres is null ? c : c with { Postgres = postgres, SecretKey = StateBackends.SharedSecretKey }));
    }

    public static async Task<UiService> StartAsync(Func<ServerConfig, ServerConfig>? configure = null)
    {
        var data = RegistryImages.TempFolder();
        var config = new ServerConfig
        {
            Listen = $"127.0.0.1:{LoopbackPorts.Free()}",
            DataDirectory = data,
            AdminPassword = AdminPassword,
            DatabasePath = Path.Combine(data, "vulnerabilities.db"),
        };
        config = configure?.Invoke(config) ?? config;
        var app = ServerHost.Build(config, new GantryEngine());
        await app.StartAsync();
        return new UiService(app, config, data);
    }

    /// <summary>Another process on this one's state (its data folder, or its PostgreSQL database and secret key): a replica, or this one after a restart.</summary>
    public Task<UiService> StartAnotherAsync() =>
        StartAsync(c => c with { DataDirectory = Config.DataDirectory, DatabasePath = Config.DatabasePath, Postgres = Config.Postgres, SecretKey = Config.SecretKey });

    /// <summary>Adds the tag through the service's own image catalog (as <c>POST /images</c> does) and waits for its analysis.</summary>
    public async Task<string> AddAndAnalyzeAsync(string fullTag, string account = AccountService.AdminAccount)
    {
        var catalog = Services.GetRequiredService<ImageCatalog>();
        var image = await catalog.AddAsync(account, new ImageAddition(AnchoreReference.Parse(fullTag), null, null, Autosubscribe: false, Force: false), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (Store.GetImage(account, image.Digest)?.AnalysisStatus is not (ImageCatalog.Analyzed or ImageCatalog.AnalysisFailed))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{fullTag} was not analyzed within 2 minutes");
            await Task.Delay(100);
        }

        Assert.Equal(ImageCatalog.Analyzed, Store.GetImage(account, image.Digest)!.AnalysisStatus);
        return image.Digest;
    }

    /// <summary>Stores the bundle in the account and makes it the active one.</summary>
    public void ActivatePolicy(string bundleJson, string policyId, string account = AccountService.AdminAccount)
    {
        var now = DateTimeOffset.UtcNow;
        Store.AddPolicy(new PolicyRecord(account, policyId, false, policyId, "test bundle", bundleJson, now, now));
        Store.UpdatePolicy(Store.GetPolicy(account, policyId)! with { Active = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
        // Its own folder only: one another service shares is deleted by its owner.
        Directory.Delete(_data, recursive: true);
    }
}
