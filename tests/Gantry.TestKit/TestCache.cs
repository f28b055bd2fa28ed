namespace Gantry.TestKit;

/// <summary>
/// The layer cache folder tests use instead of the user's <c>~/.cache/gantry/layers</c>: every in-process CLI run
/// (<see cref="CliHarness"/>) and every child process started through the test kit gets it as <c>GANTRY_CACHE_DIR</c>
/// unless the test passes its own.
/// </summary>
public static class TestCache
{
    public const string Variable = "GANTRY_CACHE_DIR";

    /// <summary>A folder under the test run's output folder, shared by the tests of one test project.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "test-layer-cache");

    /// <summary>A fresh, empty folder of the test's own (under the temporary folder), for tests that look at the cache.</summary>
    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"gantry-cache-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Sets <see cref="Variable"/> to <see cref="Folder"/> on a child process's environment unless it is set.</summary>
    public static void Apply(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue(Variable, out var value) || string.IsNullOrEmpty(value))
        {
            environment[Variable] = Folder;
        }
    }
}
