using System.Diagnostics;
using Gantry.TestKit;

namespace Gantry.IntegrationTests.Db;

/// <summary>Starts the built CLI (<c>dotnet gantry.dll …</c>) as a real child process.</summary>
internal static class GantryProcess
{
    public static string Dll => CliAssembly.Path;

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
}
