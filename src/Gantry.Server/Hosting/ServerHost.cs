using System.Net;
using Microsoft.AspNetCore.Hosting;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Accounts;
using Gantry.Server.Analysis;
using Gantry.Server.Api;
using Gantry.Server.Configuration;
using Gantry.Server.Events;
using Gantry.Server.Images;
using Gantry.Server.Monitoring;
using Gantry.Server.Notifications;
using Gantry.Server.Policies;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Gantry.Server.Ui;
using Prometheus;

namespace Gantry.Server.Hosting;

/// <summary>Builds the service: state, workers, the middleware pipeline and the routes of the Anchore Engine API.</summary>
public static class ServerHost
{
    public const string StateFileName = "gantry-server.db";

    /// <summary>
    /// Checks the configuration as a start would (the listen address, the data folder, the admin password or existing
    /// state, the secret key) without starting; returns what is worth knowing, or throws the one-line reason it would not start.
    /// </summary>
    public static IReadOnlyList<string> Check(ServerConfig config, GantryEngine engine)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(engine);
        var endpoint = ParseListen(config.Listen);
        RequireSharedSecretKey(config);
        var (state, initialized) = CheckState(config, engine.Clock);
        if (!initialized && string.IsNullOrEmpty(config.AdminPassword))
        {
            throw new InvalidInputException($"no state in {state} and no admin password: set GANTRY_ADMIN_PASSWORD (or admin_password in --config)");
        }

        if (config.SecretKey is not null)
        {
            SecretBox.Load(config.SecretKey, config.DataDirectory);
        }

        var database = engine.Database.TryStatus(config.DatabasePath);
        return
        [
            $"listen: http://{endpoint}",
            $"role: {ServerRoleNames.Describe(config.Roles)}{(config.Roles.HasFlag(ServerRoles.Watcher) ? $" (leader lease {config.LeaderLease.TotalSeconds:0} s)" : "")}",
            $"state: {state} ({(initialized ? "existing state" : "new state")})",
            database is null ? "vulnerability database: none yet ('gantry db update' makes one)" : $"vulnerability database: {database.Path} (built {database.Built:O})",
            $"insecure registries: {(config.InsecureRegistries.Count == 0 ? "none" : string.Join(", ", config.InsecureRegistries))}",
            $"max compressed image size: {(config.MaxCompressedImageSizeMb == 0 ? "no limit" : config.MaxCompressedImageSizeMb + " MB")}",
            $"analysis workers: {config.AnalysisWorkers}",
            $"feed sync: {(config.FeedSyncInterval == TimeSpan.Zero ? "disabled" : $"every {config.FeedSyncInterval.TotalSeconds:0} s")}{(config.FeedSourcesFile is { } s ? $", updating from {s}" : "")}",
            $"layer cache: {(config.LayerCache is { } cache ? $"{cache.Directory} (max {cache.MaxBytes} bytes)" : "disabled")}",
            $"webhooks: {Webhooks(config.Webhooks)}",
        ];
    }

    /// <summary>The service over <paramref name="engine"/>, whose clock it runs on.</summary>
    public static WebApplication Build(ServerConfig config, GantryEngine engine)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(engine);
        var endpoint = ParseListen(config.Listen);
        RequireSharedSecretKey(config);
        Directory.CreateDirectory(config.DataDirectory);
        var time = engine.Clock;
        string? cacheWarning = null;
        engine.StoredImages.Cache = config.LayerCache is { } cacheSettings ? engine.Cache.Open(cacheSettings, out cacheWarning) : null;
        var (store, documents) = OpenState(config, time);
        var accounts = new AccountService(store, time);
        accounts.InitializeAdmin(config.AdminPassword);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.Limits.MaxRequestBodySize = config.MaxRequestBodyBytes;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        // Only the generated contract metadata, no reflection fallback: a response type missing from ApiJsonContext fails
        // the tests, not only the Native AOT build, where reflection-based JSON does not exist.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolver = ApiJsonContext.Default);
        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(time);
        // Through a factory, so the container disposes the store (PostgreSQL's connection pool) with the service.
        services.AddSingleton<IStateStore>(_ => store);
        services.AddSingleton(accounts);
        services.AddSingleton(documents);
        services.AddSingleton(SecretBox.Load(config.SecretKey, config.DataDirectory));
        services.AddSingleton(engine);
        services.AddSingleton<VulnerabilityDatabase>();
        services.AddSingleton<EventFactory>();
        services.AddSingleton<AnalysisSignal>();
        services.AddSingleton<AccountRegistries>();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<ImageCatalog>();
        services.AddSingleton<ImagePresenter>();
        services.AddSingleton<ImageContents>();
        services.AddSingleton<ImageArtifacts>();
        services.AddSingleton<VulnerabilityReports>();
        services.AddSingleton<FindingCounts>();
        services.AddSingleton<PolicyChecks>();
        services.AddSingleton<Rechecker>();
        services.AddSingleton<Baselines>();
        services.AddSingleton<FeedSync>();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<AnalysisUpdates>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookTests>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<RegistryBudget>();
        services.AddSingleton<TagWatcher>();
        services.AddSingleton<RepoWatcher>();
        services.AddSingleton<LeaderElection>();
        AddRoleServices(services, config);
        if (config.Roles.HasFlag(ServerRoles.Api))
        {
            services.AddUi();
        }

        var app = builder.Build();
        if (cacheWarning is not null)
        {
            app.Logger.LogWarning("{Warning}; analyzing without the layer cache", cacheWarning);
        }

        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.UseMiddleware<RequestLogging>();
        app.Use(PathNormalization.InvokeAsync);
        app.UseRouting();
        app.UseHttpMetrics(o => o.SetMetricFactory(metrics.Factory));
        // Inside the HTTP metrics, so a refusal is counted with the status it was answered with, not as the 200 it began as.
        app.UseMiddleware<ErrorHandling>();
        app.UseMiddleware<BasicAuthentication>();
        app.MapMetrics("/metrics", metrics.Registry);
        var v1 = app.MapGroup("/v1");
        v1.MapHealth();
        if (config.Roles.HasFlag(ServerRoles.Api))
        {
            v1.MapSystem();
            v1.MapImages();
            v1.MapPolicies();
            v1.MapRegistries();
            v1.MapSubscriptions();
            v1.MapEvents();
            v1.MapAccounts();
            v1.MapQueries();
            app.MapUi();
        }

        var elsewhere = config.Roles.HasFlag(ServerRoles.Api) ? "" : $" (this process runs the {ServerRoleNames.Describe(config.Roles)} role: the API is served by api processes)";
        app.MapFallback((HttpContext http) => Results.Json(new ErrorBody($"no route {http.Request.Method} {http.Request.Path}{elsewhere}", 404, []),
            ApiJsonContext.Default.ErrorBody, statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    /// <summary>The background work of this process's roles; the API role adds only the feed sync that keeps its database current.</summary>
    private static void AddRoleServices(IServiceCollection services, ServerConfig config)
    {
        if (config.Roles.HasFlag(ServerRoles.Worker))
        {
            for (var i = 0; i < config.AnalysisWorkers; i++)
            {
                services.AddSingleton<IHostedService, AnalysisWorker>();
            }
        }

        if (config.Roles.HasFlag(ServerRoles.Watcher))
        {
            // First, so the lease is taken (or found taken) before the watchers' first cycle.
            services.AddHostedService(sp => sp.GetRequiredService<LeaderElection>());
            services.AddHostedService<Maintenance>();
            // Singletons too, so a cycle can also be run directly (RunOnceAsync).
            services.AddHostedService(sp => sp.GetRequiredService<TagWatcher>());
            services.AddHostedService(sp => sp.GetRequiredService<RepoWatcher>());
            services.AddHostedService<WebhookDelivery>();
        }

        if (config.Roles.HasFlag(ServerRoles.Api) || config.Roles.HasFlag(ServerRoles.Watcher))
        {
            services.AddHostedService<FeedSyncWatcher>();
        }
    }

    /// <summary>
    /// Processes sharing a PostgreSQL store read the registry credentials each other stored, so they need one key: a key
    /// file generated in each data folder would not be shared.
    /// </summary>
    private static void RequireSharedSecretKey(ServerConfig config)
    {
        if (config.Postgres is not null && config.SecretKey is null)
        {
            throw new InvalidInputException(
                "secret_key: required with postgres (GANTRY_SECRET_KEY, base64 of 32 bytes): every process sharing the database encrypts registry credentials with it");
        }
    }

    /// <summary>The state store and the analysis documents: both in PostgreSQL when <c>postgres</c> is set, else SQLite and files in the data folder.</summary>
    private static (IStateStore Store, AnalysisStore Documents) OpenState(ServerConfig config, TimeProvider time)
    {
        if (config.Postgres is { } postgres)
        {
            var shared = PostgresStateStore.Open(postgres, time);
            return (shared, new DatabaseAnalysisStore(shared));
        }

        var files = new FileAnalysisStore(config.DataDirectory);
        files.RemoveUnfinished();
        return (SqliteStateStore.Open(Path.Combine(config.DataDirectory, StateFileName), time), files);
    }

    /// <summary>Where the state is (PostgreSQL by host, port and database only: the connection string may hold a password) and whether it exists yet.</summary>
    private static (string Where, bool Initialized) CheckState(ServerConfig config, TimeProvider clock)
    {
        if (config.Postgres is { } postgres)
        {
            using var store = PostgresStateStore.Open(postgres, clock);
            return ($"PostgreSQL {PostgresStateStore.Describe(postgres)}", store.IsInitialized());
        }

        return (config.DataDirectory, File.Exists(Path.Combine(config.DataDirectory, StateFileName)));
    }

    /// <summary>Which webhooks are configured, by name only: URLs may carry tokens, and the secret and password are never shown.</summary>
    private static string Webhooks(WebhookSettings webhooks)
    {
        var names = new[] { WebhookSettings.General }.Concat(Subscriptions.AllTypes).Where(n => webhooks.UrlOf(n) is not null).ToList();
        return names.Count == 0
            ? "none"
            : $"{string.Join(", ", names)}{(webhooks.Secret is null ? "" : ", signed")}, retried for {webhooks.RetryFor.TotalHours:0.##} h";
    }

    private static IPEndPoint ParseListen(string listen) =>
        IPEndPoint.TryParse(listen, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new InvalidInputException($"--listen: '{listen}' is not HOST:PORT with a numeric address (e.g. 127.0.0.1:8228)");
}
