using System.CommandLine;
using System.Globalization;
using Gantry.Engine;
using Gantry.Engine.Caching;

namespace Gantry.Cli.Commands.Cache;

/// <summary><c>gantry cache status|clean</c>: the per-layer analysis cache (docs/cache.md).</summary>
internal static class CacheCommand
{
    public static Command Create(CliConsole console, GantryEngine engine)
    {
        var command = new Command("cache", "Inspect or empty the per-layer analysis cache.");
        command.Subcommands.Add(Status(console, engine));
        command.Subcommands.Add(Clean(console, engine));
        return command;
    }

    private static Command Status(CliConsole console, GantryEngine engine)
    {
        var maxSize = new Option<string?>("--cache-max-size") { Description = "The bound to report (default 2GiB)" };
        var command = new Command("status", "Show where the layer cache is, how many entries it holds and their size.") { maxSize };
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var status = engine.Cache.Status(CacheSettings.Resolve(console.Environment, parseResult.GetValue(maxSize)));
            console.Out.WriteLine($"location: {status.Directory}");
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"entries:  {status.Entries}"));
            console.Out.WriteLine($"size:     {FormatSize(status.TotalBytes)}");
            console.Out.WriteLine($"max:      {FormatSize(status.MaxBytes)}");
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }

    private static Command Clean(CliConsole console, GantryEngine engine)
    {
        var command = new Command("clean", "Remove every entry of the layer cache.");
        command.SetAction((parseResult, ct) => CommandRunner.RunAsync(console, _ =>
        {
            var removed = engine.Cache.Clean(CacheSettings.Resolve(console.Environment, null));
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"removed {removed.Entries} {(removed.Entries == 1 ? "entry" : "entries")} ({FormatSize(removed.TotalBytes)}) from {removed.Directory}"));
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }

    /// <summary>"0 B", "512 B", "1.5 MiB", "2.0 GiB".</summary>
    internal static string FormatSize(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
