using Gantry.TestKit;

namespace Gantry.Cataloging.Tests.Fixtures;

/// <summary>Runs a real tool for a fixture and fails loudly with its stderr.</summary>
internal static class Run
{
    public static async Task<string> ToolAsync(string tool, params string[] arguments) => await InAsync(null, tool, arguments);

    public static async Task<string> InAsync(string? folder, string tool, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(tool, arguments, workingDirectory: folder, timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
        }

        return result.Stdout;
    }
}
