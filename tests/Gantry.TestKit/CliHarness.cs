using Gantry.Cli;
using Gantry.Cli.Infrastructure;

namespace Gantry.TestKit;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the <c>gantry</c> command line in-process, as in CI: stdout and stderr are captured and neither is a terminal
/// (no progress display, JSON by default). A test that depends on time passes its own clock.
/// </summary>
public static class CliHarness
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);

    public static async Task<CliResult> RunAsync(TimeProvider clock, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await GantryCli.RunAsync(args, Console(stdout, stderr), clock);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A non-terminal console over <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static CliConsole Console(TextWriter stdout, TextWriter stderr) => new(stdout, stderr, isErrorTerminal: false, isOutputTerminal: false);
}
