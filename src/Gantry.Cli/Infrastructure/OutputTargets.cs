using System.CommandLine;
using Gantry.Core;

namespace Gantry.Cli.Infrastructure;

/// <summary>One requested output: a format, written to stdout or to a file.</summary>
internal sealed record OutputTarget(string Format, string? Path);

/// <summary>
/// <c>-o FORMAT</c> / <c>-o FORMAT=PATH</c> (repeatable) and <c>--file PATH</c>. Files are written
/// through <see cref="OutputFile"/>, so a failed run leaves no partial file.
/// </summary>
internal sealed class OutputTargets(IReadOnlyList<string> formats, string defaultFormat)
{
    private readonly Option<string[]> _output = new("--output", "-o")
    {
        Description = $"Output format ({string.Join("|", formats)}); FORMAT=PATH writes that format to a file; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> _file = new("--file")
    {
        Description = "Write the output to this file instead of stdout",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_output);
        command.Options.Add(_file);
    }

    public IReadOnlyList<OutputTarget> Read(ParseResult parseResult, bool stdoutIsTerminal)
    {
        var requested = parseResult.GetValue(_output) ?? [];
        var file = parseResult.GetValue(_file);
        var targets = new List<OutputTarget>();
        foreach (var item in requested.Length == 0 ? [file is null && stdoutIsTerminal ? defaultFormat : "json"] : requested)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var format = eq < 0 ? item : item[..eq];
            var path = eq < 0 ? null : item[(eq + 1)..];
            if (!formats.Contains(format))
            {
                throw new InvalidInputException($"--output {item}: unknown format '{format}' (expected {string.Join(", ", formats)})");
            }

            if (path is { Length: 0 })
            {
                throw new InvalidInputException($"--output {item}: empty file name after '='");
            }

            targets.Add(new OutputTarget(format, path));
        }

        var toStdout = targets.Where(t => t.Path is null).ToList();
        if (file is not null)
        {
            if (toStdout.Count != 1)
            {
                throw new InvalidInputException("--file: give exactly one --output without '=PATH' to go with it");
            }

            targets[targets.IndexOf(toStdout[0])] = toStdout[0] with { Path = file };
        }
        else if (toStdout.Count > 1)
        {
            throw new InvalidInputException("--output: only one format can go to stdout; use FORMAT=PATH for the others");
        }

        foreach (var target in targets.Where(t => t.Path is not null))
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target.Path!));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new InvalidInputException($"{target.Path}: folder '{directory}' does not exist");
            }
        }

        return targets;
    }

    /// <summary>Writes every target; files appear only once their content is complete.</summary>
    public static async Task WriteAllAsync(IReadOnlyList<OutputTarget> targets, CliConsole console, Func<OutputTarget, Stream, Task> render)
    {
        foreach (var target in targets)
        {
            if (target.Path is null)
            {
                // Rendered whole before the first byte goes out (a failed render prints nothing), then copied in
                // chunks: an SBOM's megabytes never become one string.
                var buffer = new MemoryStream();
                await render(target, buffer);
                buffer.Position = 0;
                using var reader = new StreamReader(buffer);
                var chunk = new char[16 * 1024];
                for (int read; (read = await reader.ReadAsync(chunk)) > 0;)
                {
                    await console.Out.WriteAsync(chunk.AsMemory(0, read));
                }

                await console.Out.FlushAsync();
                continue;
            }

            try
            {
                await OutputFile.WriteAsync(target.Path, stream => render(target, stream));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"{target.Path}: cannot write ({ex.Message})", ex);
            }
        }
    }
}
