namespace Gantry.TestKit.Feeds;

/// <summary>
/// Locates the shared corpus of real feed files: <c>GANTRY_CORPUS</c>, else the first <c>shared/corpus</c> folder
/// found walking up from the test assembly.
/// </summary>
public static class FeedCorpus
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("GANTRY_CORPUS") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no shared/corpus above {AppContext.BaseDirectory}; set GANTRY_CORPUS");
    }
}
