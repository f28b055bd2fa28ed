namespace Gantry.Server.Configuration;

/// <summary>
/// Everything <c>gantry serve</c> is configured with. Each key comes from the YAML file named by <c>--config</c>, and
/// each has an environment override (<see cref="ServerConfigLoader"/>), so deployments can set any of them without a file.
/// </summary>
public sealed record ServerConfig
{
    public const string DefaultListen = "127.0.0.1:8228";

    /// <summary><c>HOST:PORT</c> the API listens on.</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>What this process does (<c>role</c>): all of it, or its part of a scaled-out service.</summary>
    public ServerRoles Roles { get; init; } = ServerRoles.All;

    /// <summary>
    /// How long the watcher leader's lease lasts unrenewed (<c>leader_lease_seconds</c>): when the leader dies, another
    /// watcher process takes over within this time and a third of it.
    /// </summary>
    public TimeSpan LeaderLease { get; init; } = DefaultLeaderLease;

    public static readonly TimeSpan DefaultLeaderLease = TimeSpan.FromSeconds(30);

    /// <summary>The state folder: the SQLite file, the stored analyses and the generated secret key.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// The PostgreSQL connection string (<c>postgres</c>, <c>--postgres</c>, <c>GANTRY_POSTGRES</c>): state and analyses
    /// go there instead of the data folder, so many processes can share them. A secret: never logged whole.
    /// </summary>
    public string? Postgres { get; init; }

    /// <summary>The vulnerability database file; null resolves it as the CLI does.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>The admin's password, used on first start only (it creates the <c>admin</c> user).</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Registries reached over plain HTTP without a registry record (<c>HOST:PORT</c>).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>The engine's <c>max_compressed_image_size_mb</c>: larger images are refused at add time; 0 means no limit.</summary>
    public long MaxCompressedImageSizeMb { get; init; }

    /// <summary>The key that encrypts registry credentials (base64 of 32 bytes); null uses a generated key file in the data folder.</summary>
    public string? SecretKey { get; init; }

    /// <summary>How many images are analyzed at once.</summary>
    public int AnalysisWorkers { get; init; } = 2;

    /// <summary>How long a claimed job is a worker's (renewed every third of it while it runs); after that another worker takes it over.</summary>
    public TimeSpan JobLease { get; init; } = DefaultJobLease;

    public static readonly TimeSpan DefaultJobLease = TimeSpan.FromMinutes(5);

    /// <summary>The feed sync cycle (the engine's code default, 1 h); <see cref="TimeSpan.Zero"/> disables the watcher.</summary>
    public TimeSpan FeedSyncInterval { get; init; } = DefaultFeedSyncInterval;

    public static readonly TimeSpan DefaultFeedSyncInterval = TimeSpan.FromHours(1);

    /// <summary>A shorter cycle is raised to this, as the engine raises its watcher timers to their minimum.</summary>
    public static readonly TimeSpan MinimumFeedSyncInterval = TimeSpan.FromMinutes(1);

    /// <summary>The tag watcher's cycle (the engine's shipped image_watcher, 1 h); <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan TagWatchInterval { get; init; } = DefaultTagWatchInterval;

    public static readonly TimeSpan DefaultTagWatchInterval = TimeSpan.FromHours(1);

    public static readonly TimeSpan MinimumTagWatchInterval = TimeSpan.FromMinutes(5);

    /// <summary>The repository watcher's cycle (the engine's repo_watcher, 60 s, also its minimum); <see cref="TimeSpan.Zero"/> disables it.</summary>
    public TimeSpan RepoWatchInterval { get; init; } = MinimumRepoWatchInterval;

    public static readonly TimeSpan MinimumRepoWatchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Registry requests the watchers may make per minute to one registry host, so watching many tags does not hammer it.</summary>
    public int WatcherRequestsPerMinute { get; init; } = 60;

    /// <summary>A <c>gantry db update</c> sources file the feed sync fetches first; null: only a file replaced by someone else is picked up.</summary>
    public string? FeedSourcesFile { get; init; }

    /// <summary>The per-layer analysis cache analyses use (<c>layer_cache</c>, <c>cache_dir</c>, <c>cache_max_size</c>); null: none.</summary>
    public Gantry.Engine.Caching.CacheSettings? LayerCache { get; init; }

    /// <summary>Where notifications are delivered, and how.</summary>
    public WebhookSettings Webhooks { get; init; } = new();

    /// <summary>The largest request body accepted; a bundle or an image add is far smaller.</summary>
    public long MaxRequestBodyBytes { get; init; } = 10 * 1024 * 1024;
}
