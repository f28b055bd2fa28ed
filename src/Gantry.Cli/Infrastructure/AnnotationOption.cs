using System.CommandLine;
using Gantry.Core;

namespace Gantry.Cli.Infrastructure;

/// <summary><c>--annotation KEY=VALUE</c> (<c>-a</c>), repeatable, as cosign takes it.</summary>
internal sealed class AnnotationOption(string description)
{
    private readonly Option<string[]> _option = new("--annotation", "-a")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command) => command.Options.Add(_option);

    public IReadOnlyDictionary<string, string> Read(ParseResult parseResult)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in parseResult.GetValue(_option) ?? [])
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidInputException($"--annotation {item}: expected KEY=VALUE");
            }

            if (!annotations.TryAdd(item[..eq], item[(eq + 1)..]))
            {
                throw new InvalidInputException($"--annotation {item}: key '{item[..eq]}' given twice");
            }
        }

        return annotations;
    }
}
