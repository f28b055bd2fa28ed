using System.Diagnostics;
using Gantry.TestKit;

namespace Gantry.IntegrationTests.Db;

/// <summary>Starts the built CLI (<c>dotnet gantry.dll …</c>) as a real child process.</summary>
internal static class GantryProcess
{
    /// <summary>
    /// The CLI assembly: the copy next to the tests (with its runtimeconfig), else the CLI project's own output for
    /// the configuration the tests were built in.
    /// </summary>
    public static string Dll { get; } = Locate();

    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        TestCache.Apply(info.Environment);
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet " + Dll);
    }

    public static Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], timeout: TimeSpan.FromMinutes(2));

    private static string Locate()
    {
        var referenced = typeof(Gantry.Cli.GantryCli).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(referenced, ".runtimeconfig.json")))
        {
            return referenced;
        }

        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var built = Path.Combine(SharedPaths.RepositoryRoot, "src", "Gantry.Cli", "bin", configuration, testOutput.Name, "gantry.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException($"the gantry CLI is not built: neither {referenced} nor {built} can run");
    }
}
