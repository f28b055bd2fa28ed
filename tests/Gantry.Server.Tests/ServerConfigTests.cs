using Gantry.Core;
using Gantry.Engine;
using Gantry.Server.Configuration;
using Gantry.Server.Hosting;
using Gantry.Server.Tests.Support;
using Gantry.TestKit.Postgres;

namespace Gantry.Server.Tests;

/// <summary>The configuration: file keys, their environment overrides, defaults and minimums, and what a start checks.</summary>
public sealed class ServerConfigTests
{
    [Fact]
    public void Should_Refuse_To_Start_Without_State_And_Without_An_Admin_Password()
    {
        var data = TestKit.Registry.RegistryImages.TempFolder();
        var config = new ServerConfig { DataDirectory = data, Listen = "127.0.0.1:1" };

        var error = Assert.Throws<InvalidInputException>(() => ServerHost.Check(config, new GantryEngine()));
        Assert.Contains("GANTRY_ADMIN_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public void Should_Let_The_Environment_Override_Every_Key_Of_The_Config_File()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "listen: 127.0.0.1:9000\nmax_compressed_image_size_mb: 5\ninsecure_registries: [a:1, b:2]\n");
        var environment = new Dictionary<string, string> { ["GANTRY_MAX_COMPRESSED_IMAGE_SIZE_MB"] = "7", ["GANTRY_DB"] = "/x.db" };

        var config = ServerConfigLoader.Load(file, new CommandLineSettings(null, "/data", null), name => environment.GetValueOrDefault(name));

        Assert.Equal(("127.0.0.1:9000", 7L, "/x.db", "/data"), (config.Listen, config.MaxCompressedImageSizeMb, config.DatabasePath, config.DataDirectory));
        Assert.Equal(["a:1", "b:2"], config.InsecureRegistries);
        File.Delete(file);
    }

    [Fact]
    public void Should_Read_The_Watcher_Keys_With_The_Engine_Defaults_And_Minimums()
    {
        var environment = new Dictionary<string, string>
        {
            ["GANTRY_TAG_WATCH_INTERVAL"] = "10",
            ["GANTRY_REPO_WATCH_INTERVAL"] = "0",
            ["GANTRY_WATCHER_REQUESTS_PER_MINUTE"] = "5",
        };

        var config = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => environment.GetValueOrDefault(name));
        var defaults = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), _ => null);

        Assert.Equal((ServerConfig.MinimumTagWatchInterval, TimeSpan.Zero, 5), (config.TagWatchInterval, config.RepoWatchInterval, config.WatcherRequestsPerMinute));
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), 60), (defaults.TagWatchInterval, defaults.RepoWatchInterval, defaults.WatcherRequestsPerMinute));
        Assert.Throws<InvalidInputException>(() =>
            ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "GANTRY_WATCHER_REQUESTS_PER_MINUTE" ? "0" : null));
    }

    [Fact]
    public void Should_Read_The_Layer_Cache_Keys_With_The_Cache_On_By_Default()
    {
        var environment = new Dictionary<string, string> { ["GANTRY_CACHE_DIR"] = "/var/cache/gantry", ["GANTRY_CACHE_MAX_SIZE"] = "500MB" };

        var config = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => environment.GetValueOrDefault(name));
        var defaults = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "XDG_CACHE_HOME" ? "/xdg" : null);
        var disabled = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "GANTRY_LAYER_CACHE" ? "false" : null);

        Assert.Equal(new Gantry.Engine.Caching.CacheSettings("/var/cache/gantry", 500L << 20), config.LayerCache);
        Assert.Equal(new Gantry.Engine.Caching.CacheSettings("/xdg/gantry/layers", 2L << 30), defaults.LayerCache);
        Assert.Null(disabled.LayerCache);
        Assert.Throws<InvalidInputException>(() =>
            ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "GANTRY_CACHE_MAX_SIZE" ? "big" : null));
    }

    [Fact]
    public void Should_Read_Webhook_And_Feed_Sync_Keys_With_The_Environment_Winning_And_The_Cycle_Minimum_Enforced()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "webhook_url: http://127.0.0.1:1/file\nwebhook_url_vuln_update: http://127.0.0.1:2/<userId>\nfeed_sync_interval: 5\n");
        var environment = new Dictionary<string, string>
        {
            ["GANTRY_WEBHOOK_URL"] = "http://127.0.0.1:3/general",
            ["GANTRY_WEBHOOK_SECRET"] = "s3cret",
            ["GANTRY_WEBHOOK_RETRY_SECONDS"] = "600",
        };

        var config = ServerConfigLoader.Load(file, new CommandLineSettings(null, "/data", null), name => environment.GetValueOrDefault(name));
        var disabled = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "GANTRY_FEED_SYNC_INTERVAL" ? "0" : null);
        var defaults = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), _ => null);

        Assert.Equal("http://127.0.0.1:3/general", config.Webhooks.GeneralUrl);
        Assert.Equal(["http://127.0.0.1:2/<userId>", "http://127.0.0.1:3/general"], config.Webhooks.TargetsOf("vuln_update"));
        Assert.Equal(["http://127.0.0.1:3/general"], config.Webhooks.TargetsOf("policy_eval"));
        Assert.Equal(("s3cret", TimeSpan.FromMinutes(10)), (config.Webhooks.Secret, config.Webhooks.RetryFor));
        Assert.Equal(ServerConfig.MinimumFeedSyncInterval, config.FeedSyncInterval);
        Assert.Equal(TimeSpan.Zero, disabled.FeedSyncInterval);
        Assert.Equal((ServerConfig.DefaultFeedSyncInterval, TimeSpan.FromHours(24)), (defaults.FeedSyncInterval, defaults.Webhooks.RetryFor));
        var badUrl = Assert.Throws<InvalidInputException>(() =>
            ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "GANTRY_WEBHOOK_URL" ? "ftp://token@x/" : null));
        Assert.DoesNotContain("token", badUrl.Message, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public void Should_Read_The_Storage_Keys_With_SQLite_And_A_Five_Minute_Job_Lease_By_Default()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "postgres: Host=file\njob_lease_seconds: 60\n");
        var environment = new Dictionary<string, string> { ["GANTRY_POSTGRES"] = "Host=env", ["GANTRY_JOB_LEASE_SECONDS"] = "90" };

        var fromFile = ServerConfigLoader.Load(file, new CommandLineSettings(null, "/data", null), _ => null);
        var fromEnvironment = ServerConfigLoader.Load(file, new CommandLineSettings(null, "/data", null), name => environment.GetValueOrDefault(name));
        var fromCommandLine = ServerConfigLoader.Load(file, new CommandLineSettings(null, "/data", null, Postgres: "Host=flag"), name => environment.GetValueOrDefault(name));
        var defaults = ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), _ => null);

        Assert.Equal(("Host=file", TimeSpan.FromSeconds(60)), (fromFile.Postgres, fromFile.JobLease));
        Assert.Equal(("Host=env", TimeSpan.FromSeconds(90)), (fromEnvironment.Postgres, fromEnvironment.JobLease));
        Assert.Equal("Host=flag", fromCommandLine.Postgres);
        Assert.Equal((null, TimeSpan.FromMinutes(5)), (defaults.Postgres, defaults.JobLease));
        Assert.Throws<InvalidInputException>(() =>
            ServerConfigLoader.Load(null, new CommandLineSettings(null, "/data", null), name => name == "GANTRY_JOB_LEASE_SECONDS" ? "1" : null));
        File.Delete(file);
    }

    [Fact]
    public async Task Should_Show_Where_The_PostgreSQL_State_Is_Without_The_Connection_Strings_Secrets()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() + ";Password=never-shown";
        var config = new ServerConfig
        {
            DataDirectory = "/nonexistent", Listen = "127.0.0.1:1", Postgres = connectionString, AdminPassword = "pw", SecretKey = StateBackends.SharedSecretKey,
        };

        var lines = ServerHost.Check(config, new GantryEngine());
        var withoutKey = Assert.Throws<InvalidInputException>(() => ServerHost.Check(config with { SecretKey = null }, new GantryEngine()));

        var state = Assert.Single(lines, l => l.StartsWith("state: ", StringComparison.Ordinal));
        Assert.Matches(@"^state: PostgreSQL 127\.0\.0\.1:\d+/gantry_[0-9a-f]{32} \(new state\)$", state);
        Assert.DoesNotContain(lines, l => l.Contains("never-shown", StringComparison.Ordinal));
        Assert.StartsWith("secret_key: required with postgres (GANTRY_SECRET_KEY", withoutKey.Message, StringComparison.Ordinal);
    }
}
