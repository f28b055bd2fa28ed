using System.Text;
using Gantry.Core;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// The key password: env <c>GANTRY_PASSWORD</c>, else a prompt without echo when stdin and stderr
/// are a terminal. In CI there is no terminal, so the variable is the only way.
/// </summary>
internal static class PasswordSource
{
    public const string Variable = "GANTRY_PASSWORD";

    public static string Read(CliConsole console, string prompt, bool confirm)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected || !console.IsErrorTerminal)
        {
            throw new InvalidInputException($"no key password: set {Variable} (there is no terminal to ask on)");
        }

        var password = Prompt(console, prompt);
        if (confirm && Prompt(console, "Enter password again: ") != password)
        {
            throw new InvalidInputException("the two passwords differ");
        }

        return password;
    }

    private static string Prompt(CliConsole console, string prompt)
    {
        console.ErrorWriter.Write(prompt);
        var password = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        console.ErrorWriter.WriteLine();
        return password.ToString();
    }
}
