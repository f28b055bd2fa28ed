using Gantry.Cli;
using Gantry.Cli.Infrastructure;

namespace Gantry.Cli.Tests;

/// <summary>Runs the CLI in-process over string writers, as a non-terminal.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await GantryCli.RunAsync(args, new CliConsole(stdout, stderr, isErrorTerminal: false, isOutputTerminal: false));
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }
}
