namespace Gantry.Vulnerabilities.Store;

/// <summary>Where the vulnerability database lives: <c>--db</c>, else <c>GANTRY_DB</c>, else the user's cache folder.</summary>
public static class DatabasePaths
{
    public const string FileName = "vulnerability.db";

    public const string EnvironmentVariable = "GANTRY_DB";

    public static string Resolve(string? explicitPath) =>
        Path.GetFullPath(
            !string.IsNullOrEmpty(explicitPath) ? explicitPath
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Default());

    /// <summary><c>$XDG_CACHE_HOME/gantry/db/vulnerability.db</c>, falling back to <c>~/.cache</c>.</summary>
    public static string Default()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "gantry", "db", FileName);
    }

    /// <summary>The folder beside the database where downloaded feeds are cached for conditional requests.</summary>
    public static string FeedCache(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "feeds");
}
