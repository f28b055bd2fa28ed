using System.Globalization;
using Gantry.Core;
using Gantry.Engine.Caching;
using Gantry.Server.Images;
using YamlDotNet.RepresentationModel;

namespace Gantry.Server.Configuration;

/// <summary>
/// Reads the YAML configuration and applies the environment overrides. The override names of the documented keys
/// are fixed (deployments set them); every other key <c>some_key</c> is overridden by <c>GANTRY_SOME_KEY</c>.
/// </summary>
public static class ServerConfigLoader
{
    private static readonly Dictionary<string, string> Keys = WithTypeUrls(new(StringComparer.Ordinal)
    {
        ["listen"] = "GANTRY_LISTEN",
        ["role"] = "GANTRY_ROLE",
        ["leader_lease_seconds"] = "GANTRY_LEADER_LEASE_SECONDS",
        ["data"] = "GANTRY_DATA",
        ["postgres"] = "GANTRY_POSTGRES",
        ["db"] = "GANTRY_DB",
        ["admin_password"] = "GANTRY_ADMIN_PASSWORD",
        ["insecure_registries"] = "GANTRY_INSECURE_REGISTRIES",
        ["max_compressed_image_size_mb"] = "GANTRY_MAX_COMPRESSED_IMAGE_SIZE_MB",
        ["secret_key"] = "GANTRY_SECRET_KEY",
        ["analysis_workers"] = "GANTRY_ANALYSIS_WORKERS",
        ["job_lease_seconds"] = "GANTRY_JOB_LEASE_SECONDS",
        ["feed_sync_interval"] = "GANTRY_FEED_SYNC_INTERVAL",
        ["feed_sources"] = "GANTRY_FEED_SOURCES",
        ["tag_watch_interval"] = "GANTRY_TAG_WATCH_INTERVAL",
        ["repo_watch_interval"] = "GANTRY_REPO_WATCH_INTERVAL",
        ["watcher_requests_per_minute"] = "GANTRY_WATCHER_REQUESTS_PER_MINUTE",
        ["max_request_body_mb"] = "GANTRY_MAX_REQUEST_BODY_MB",
        ["webhook_url"] = "GANTRY_WEBHOOK_URL",
        ["webhook_user"] = "GANTRY_WEBHOOK_USER",
        ["webhook_password"] = "GANTRY_WEBHOOK_PASSWORD",
        ["webhook_secret"] = "GANTRY_WEBHOOK_SECRET",
        ["webhook_retry_seconds"] = "GANTRY_WEBHOOK_RETRY_SECONDS",
        ["layer_cache"] = "GANTRY_LAYER_CACHE",
        ["cache_dir"] = "GANTRY_CACHE_DIR",
        ["cache_max_size"] = "GANTRY_CACHE_MAX_SIZE",
    });

    /// <summary>The command line wins over the environment, which wins over the file.</summary>
    public static ServerConfig Load(string? configPath, CommandLineSettings commandLine, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(environment);
        var values = configPath is null ? new Dictionary<string, string>(StringComparer.Ordinal) : ReadFile(configPath);
        foreach (var (key, variable) in Keys)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        Set(values, "listen", commandLine.Listen);
        Set(values, "data", commandLine.DataDirectory);
        Set(values, "db", commandLine.DatabasePath);
        Set(values, "role", commandLine.Role);
        Set(values, "postgres", commandLine.Postgres);
        return new ServerConfig
        {
            Listen = values.GetValueOrDefault("listen") ?? ServerConfig.DefaultListen,
            Roles = values.GetValueOrDefault("role") is { } role ? ServerRoleNames.Parse(role) : ServerRoles.All,
            LeaderLease = TimeSpan.FromSeconds(Number(values, "leader_lease_seconds", (long)ServerConfig.DefaultLeaderLease.TotalSeconds, minimum: 1)),
            DataDirectory = values.GetValueOrDefault("data") ?? DefaultDataDirectory(environment),
            DatabasePath = values.GetValueOrDefault("db"),
            Postgres = values.GetValueOrDefault("postgres") is { Length: > 0 } postgres ? postgres : null,
            AdminPassword = values.GetValueOrDefault("admin_password"),
            InsecureRegistries = (values.GetValueOrDefault("insecure_registries") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            MaxCompressedImageSizeMb = Number(values, "max_compressed_image_size_mb", 0),
            SecretKey = values.GetValueOrDefault("secret_key"),
            AnalysisWorkers = (int)Number(values, "analysis_workers", 2, minimum: 1),
            JobLease = TimeSpan.FromSeconds(Number(values, "job_lease_seconds", (long)ServerConfig.DefaultJobLease.TotalSeconds, minimum: 3)),
            FeedSyncInterval = Cycle(values, "feed_sync_interval", ServerConfig.DefaultFeedSyncInterval, ServerConfig.MinimumFeedSyncInterval),
            TagWatchInterval = Cycle(values, "tag_watch_interval", ServerConfig.DefaultTagWatchInterval, ServerConfig.MinimumTagWatchInterval),
            RepoWatchInterval = Cycle(values, "repo_watch_interval", ServerConfig.MinimumRepoWatchInterval, ServerConfig.MinimumRepoWatchInterval),
            WatcherRequestsPerMinute = (int)Number(values, "watcher_requests_per_minute", 60, minimum: 1),
            FeedSourcesFile = values.GetValueOrDefault("feed_sources"),
            MaxRequestBodyBytes = Number(values, "max_request_body_mb", 10, minimum: 1) * 1024 * 1024,
            LayerCache = LayerCache(values, environment),
            Webhooks = new WebhookSettings
            {
                GeneralUrl = WebhookUrl(values, "webhook_url"),
                TypeUrls = Subscriptions.AllTypes.Where(t => values.ContainsKey(TypeUrlKey(t)))
                    .ToDictionary(t => t, t => WebhookUrl(values, TypeUrlKey(t))!, StringComparer.Ordinal),
                User = values.GetValueOrDefault("webhook_user"),
                Password = values.GetValueOrDefault("webhook_password"),
                Secret = values.GetValueOrDefault("webhook_secret"),
                RetryFor = TimeSpan.FromSeconds(Number(values, "webhook_retry_seconds", 24 * 3600, minimum: 1)),
            },
        };
    }

    /// <summary>
    /// The per-layer analysis cache: on unless <c>layer_cache</c> is false/off/0, in <c>cache_dir</c> or the CLI's default
    /// folder, bounded by <c>cache_max_size</c> (2GiB).
    /// </summary>
    private static CacheSettings? LayerCache(Dictionary<string, string> values, Func<string, string?> environment)
    {
        var enabled = values.GetValueOrDefault("layer_cache")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "true" or "on" or "1" or "yes" => true,
            "false" or "off" or "0" or "no" => false,
            var other => throw new InvalidInputException($"configuration: layer_cache must be true or false, not '{other}'"),
        };
        var maxBytes = values.GetValueOrDefault("cache_max_size") is { } size ? CacheSettings.ParseSize(size, "configuration: cache_max_size") : CacheSettings.DefaultMaxBytes;
        var directory = values.GetValueOrDefault("cache_dir") is { Length: > 0 } dir ? Path.GetFullPath(dir) : CacheSettings.DefaultDirectory(environment);
        return enabled ? new CacheSettings(directory, maxBytes) : null;
    }

    /// <summary>Adds <c>webhook_url_&lt;type&gt;</c> (<c>GANTRY_WEBHOOK_URL_&lt;TYPE&gt;</c>) for each notification type.</summary>
    private static Dictionary<string, string> WithTypeUrls(Dictionary<string, string> keys)
    {
        foreach (var type in Subscriptions.AllTypes)
        {
            keys[TypeUrlKey(type)] = "GANTRY_" + TypeUrlKey(type).ToUpperInvariant();
        }

        return keys;
    }

    /// <summary>The per-type webhook URL key, <c>webhook_url_vuln_update</c>.</summary>
    private static string TypeUrlKey(string type) => "webhook_url_" + type;

    /// <summary>An absolute http(s) URL (placeholders allowed); the value is not echoed, as a URL may carry a token.</summary>
    private static string? WebhookUrl(Dictionary<string, string> values, string key)
    {
        if (values.GetValueOrDefault(key) is not { } url)
        {
            return null;
        }

        var sample = WebhookSettings.Expand(url, "tag_update", "admin");
        return Uri.TryCreate(sample, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new InvalidInputException($"configuration: {key} must be an absolute http:// or https:// URL");
    }

    /// <summary>A watcher cycle in seconds: 0 disables it, a shorter one is raised to the minimum (as the engine does).</summary>
    private static TimeSpan Cycle(Dictionary<string, string> values, string key, TimeSpan fallback, TimeSpan minimum)
    {
        var seconds = Number(values, key, (long)fallback.TotalSeconds);
        return seconds == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(seconds, (long)minimum.TotalSeconds));
    }

    private static void Set(Dictionary<string, string> values, string key, string? value)
    {
        if (value is not null)
        {
            values[key] = value;
        }
    }

    private static string DefaultDataDirectory(Func<string, string?> environment)
    {
        var dataHome = environment("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "gantry", "server");
    }

    private static long Number(Dictionary<string, string> values, string key, long fallback, long minimum = 0)
    {
        if (values.GetValueOrDefault(key) is not { } text)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new InvalidInputException($"configuration: {key} must be a whole number of at least {minimum}, not '{text}'");
    }

    /// <summary>The file's top-level scalar keys; a list value (insecure_registries) is joined with commas.</summary>
    private static Dictionary<string, string> ReadFile(string path)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new InvalidInputException($"{path}: cannot read the configuration: {ex.Message}", ex);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (yaml.Documents.Count == 0)
        {
            return values;
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidInputException($"{path}: the configuration must be a mapping of keys to values");
        }

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!Keys.ContainsKey(key))
            {
                throw new InvalidInputException($"{path}: unknown key '{key}' (known: {string.Join(", ", Keys.Keys)})");
            }

            values[key] = valueNode switch
            {
                YamlScalarNode scalar => scalar.Value ?? string.Empty,
                YamlSequenceNode list => string.Join(',', list.Children.OfType<YamlScalarNode>().Select(s => s.Value)),
                _ => throw new InvalidInputException($"{path}: '{key}' must be a value or a list"),
            };
        }

        return values;
    }
}

/// <summary>The options given on the command line; null where not given.</summary>
public sealed record CommandLineSettings(string? Listen, string? DataDirectory, string? DatabasePath, string? Role = null, string? Postgres = null);
