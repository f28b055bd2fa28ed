using Spectre.Console;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// The only place that touches the process's console. Tests construct one over string writers.
/// </summary>
public sealed class CliConsole
{
    private readonly Lazy<IAnsiConsole> _errorConsole;

    public CliConsole(TextWriter output, TextWriter error, bool isErrorTerminal, bool isOutputTerminal)
    {
        Out = output;
        ErrorWriter = error;
        IsErrorTerminal = isErrorTerminal;
        IsOutputTerminal = isOutputTerminal;

        // Built on first use: only a progress display on a terminal needs it, and Spectre's set-up is not free.
        _errorConsole = new Lazy<IAnsiConsole>(() => AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = isErrorTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = isErrorTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        }));
    }

    public TextWriter Out { get; }

    public TextWriter ErrorWriter { get; }

    /// <summary>True when stderr is a terminal: progress is shown only then.</summary>
    public bool IsErrorTerminal { get; }

    /// <summary>True when stdout is a terminal: the default output format is a table only then.</summary>
    public bool IsOutputTerminal { get; }

    /// <summary>Spectre console over stderr, for progress displays.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole.Value;

    public static CliConsole Create() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected, !Console.IsOutputRedirected);

    /// <summary>Reads an environment variable (the process's by default; tests pass their own).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public void Error(string line) => ErrorWriter.WriteLine(line);
}
