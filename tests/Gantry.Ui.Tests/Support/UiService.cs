using Gantry.Engine;
using Gantry.Server.Accounts;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Gantry.Server.Images;
using Gantry.Server.Storage;
using Gantry.TestKit.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gantry.Ui.Tests.Support;

/// <summary><c>gantry serve</c> hosted in the test process on a free loopback port over a fresh data folder, with its services at hand for seeding.</summary>
public sealed class UiService : IAsyncDisposable
{
    public const string AdminPassword = "ui-test-admin-password";

    private readonly WebApplication _app;

    private UiService(WebApplication app, ServerConfig config)
    {
        _app = app;
        Config = config;
    }

    public ServerConfig Config { get; }

    public string BaseUrl => $"http://{Config.Listen}";

    public IStateStore Store => Services.GetRequiredService<IStateStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<UiService> StartAsync(Func<ServerConfig, ServerConfig>? configure = null)
    {
        var data = RegistryImages.TempFolder();
        var config = new ServerConfig
        {
            Listen = $"127.0.0.1:{LocalRegistry.FreePort()}",
            DataDirectory = data,
            AdminPassword = AdminPassword,
            DatabasePath = Path.Combine(data, "vulnerabilities.db"),
        };
        config = configure?.Invoke(config) ?? config;
        var app = ServerHost.Build(config, new GantryEngine());
        await app.StartAsync();
        return new UiService(app, config);
    }

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
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Config.DataDirectory, recursive: true);
    }
}
