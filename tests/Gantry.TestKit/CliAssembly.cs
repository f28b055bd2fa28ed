namespace Gantry.TestKit;

/// <summary>The built CLI (<c>gantry.dll</c>), for tests that run it as a real child process with <c>dotnet</c>.</summary>
public static class CliAssembly
{
    /// <summary>
    /// The copy next to the tests (with its runtimeconfig), else the CLI project's own output for the configuration
    /// the tests were built in.
    /// </summary>
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var referenced = typeof(Gantry.Cli.GantryCli).Assembly.Location;
        if (File.Exists(System.IO.Path.ChangeExtension(referenced, ".runtimeconfig.json")))
        {
            return referenced;
        }

        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var built = System.IO.Path.Combine(SharedPaths.RepositoryRoot, "src", "Gantry.Cli", "bin", testOutput.Parent!.Name, testOutput.Name, "gantry.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"the gantry CLI is not built: neither {referenced} nor {built} can run");
    }
}
