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

    public static Task<CliResult> RunAsync(TimeProvider clock, params string[] args) => RunAsync(clock, new Dictionary<string, string?>(), args);

    /// <summary>
    /// Runs with <paramref name="environment"/> over the process's environment variables; <c>GANTRY_CACHE_DIR</c> is the
    /// test kit's folder (<see cref="TestCache"/>) unless given, so no run writes into the user's cache.
    /// </summary>
    public static async Task<CliResult> RunAsync(TimeProvider clock, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = Console(stdout, stderr, environment);
        var exitCode = await GantryCli.RunAsync(args, console, clock);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A non-terminal console over <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static CliConsole Console(TextWriter stdout, TextWriter stderr) => Console(stdout, stderr, new Dictionary<string, string?>());

    private static CliConsole Console(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment) =>
        new(stdout, stderr, isErrorTerminal: false, isOutputTerminal: false)
        {
            Environment = name => environment.TryGetValue(name, out var value)
                ? value
                : name == TestCache.Variable ? TestCache.Folder : System.Environment.GetEnvironmentVariable(name),
        };
}
