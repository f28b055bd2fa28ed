using System.CommandLine;
using Gantry.Cli.Commands;
using Gantry.Cli.Infrastructure;
using Gantry.Engine;

namespace Gantry.Cli;

/// <summary>Builds the <c>gantry</c> command tree from the explicit command list and runs it.</summary>
public static class GantryCli
{
    /// <summary>Runs one command line; every operation reads and waits on <paramref name="clock"/> (default: the system clock).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, TimeProvider? clock = null)
    {
        var root = new RootCommand("Gantry: container image scanner and CI/CD gate.");
        foreach (var command in CommandList.Create(console, new GantryEngine(clock)))
        {
            root.Subcommands.Add(command);
        }

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            // One line, whatever the parser's messages look like ("Must be one of:" lists values on lines of their own).
            var messages = parseResult.Errors.Select(e => string.Join(' ', e.Message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
            console.Error($"gantry: {string.Join("; ", messages)} (run 'gantry --help' for usage)");
            return ExitCodes.InvalidInput;
        }

        return await parseResult.InvokeAsync().ConfigureAwait(false);
    }
}
