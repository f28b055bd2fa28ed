using System.CommandLine;
using Gantry.Engine;
using Gantry.Engine.Caching;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// <c>--no-cache</c> and <c>--cache-max-size</c>: the flags of every command that analyzes an image. The per-layer
/// analysis cache is on by default, in <c>$GANTRY_CACHE_DIR</c> or <c>$XDG_CACHE_HOME/gantry/layers</c> (docs/cache.md).
/// </summary>
internal sealed class CacheFlags
{
    private readonly Option<bool> _noCache = new("--no-cache")
    {
        Description = "Analyze every layer and neither read nor write the layer cache",
    };

    private readonly Option<string?> _maxSize = new("--cache-max-size")
    {
        Description = "Bound of the layer cache; the least recently used entries are evicted (default 2GiB; e.g. 500MB)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_noCache);
        command.Options.Add(_maxSize);
    }

    /// <summary>
    /// The cache the command's scan uses: null with <c>--no-cache</c>, or with a warning on stderr when its folder cannot
    /// be written (a cache never fails a scan). A bad <c>--cache-max-size</c> is bad input.
    /// </summary>
    public AnalysisCache? Open(ParseResult parseResult, CliConsole console, GantryEngine engine)
    {
        var settings = CacheSettings.Resolve(console.Environment, parseResult.GetValue(_maxSize));
        if (parseResult.GetValue(_noCache))
        {
            return null;
        }

        var cache = engine.Cache.Open(settings, out var warning);
        if (warning is not null)
        {
            console.Error($"gantry: warning: {warning}; analyzing without the cache");
        }

        return cache;
    }
}
