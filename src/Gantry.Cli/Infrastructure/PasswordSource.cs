using System.Text;
using Gantry.Core;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// Secrets a command needs: the first of its environment variables that is set (<c>GANTRY_PASSWORD</c> for key
/// passwords), else a prompt without echo when stdin and stderr are a terminal. In CI there is no terminal, so the
/// variables are the only way.
/// </summary>
internal static class PasswordSource
{
    public const string Variable = "GANTRY_PASSWORD";

    public static string Read(CliConsole console, string prompt, bool confirm) => Read(console, [Variable], "key password", prompt, confirm);

    /// <summary>The first of <paramref name="variables"/> that is set, else a prompt; <paramref name="what"/> names the secret in the error.</summary>
    public static string Read(CliConsole console, IReadOnlyList<string> variables, string what, string prompt, bool confirm)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var variable in variables)
        {
            if (Environment.GetEnvironmentVariable(variable) is { } fromEnvironment)
            {
                return fromEnvironment;
            }
        }

        if (Console.IsInputRedirected || !console.IsErrorTerminal)
        {
            throw new InvalidInputException($"no {what}: set {string.Join(" or ", variables)} (there is no terminal to ask on)");
        }

        var password = Prompt(console, prompt);
        if (confirm && Prompt(console, "Enter it again: ") != password)
        {
            throw new InvalidInputException($"the two {what}s differ");
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
