using System.CommandLine;
using Gantry.Cli.Commands.Db;
using Gantry.Core;
using Gantry.Engine;
using Gantry.Engine.Scanning;

namespace Gantry.Cli.Commands.Scan;

/// <summary>The options <c>gantry scan</c> and <c>gantry explain</c> share: database, matching and suppression.</summary>
internal sealed class ScanFlags
{
    private readonly SourceOptions _source = new();
    private readonly ScopeOption _scope = new();
    private readonly CacheFlags _cache = new();
    private readonly Option<string?> _db = DbOptions.Database();

    private readonly Option<string> _maxAge = new("--db-max-age")
    {
        Description = "Refuse a database older than this (e.g. 5d, 12h); exit 3",
        DefaultValueFactory = _ => "5d",
    };

    private readonly Option<bool> _allowStale = new("--allow-stale") { Description = "Scan even when the database is older than --db-max-age" };

    private readonly Option<bool> _cpe = new("--cpe") { Description = "Also match every package's CPEs against NVD data (binaries always are); more false positives" };

    private readonly Option<string?> _ignore = new("--ignore") { Description = "YAML file of ignore rules (see docs/scan.md)" };

    private readonly Option<string[]> _vex = new("--vex") { Description = "OpenVEX document; not_affected and fixed statements suppress findings; repeatable" };

    private readonly Option<bool> _onlyFixed = new("--only-fixed") { Description = "Suppress findings that have no fix yet" };

    private readonly Option<bool> _byCve = new("--by-cve") { Description = "Report findings under their CVE id where the record has a CVE alias (GHSA, GO, PYSEC…)" };

    private readonly Option<int?> _baseLayers = new("--base-layers") { Description = "Count the image's first N layers as the base image's" };

    public void AddTo(Command command)
    {
        _source.AddTo(command);
        _scope.AddTo(command);
        _cache.AddTo(command);
        foreach (var option in new Option[] { _db, _maxAge, _allowStale, _cpe, _ignore, _vex, _onlyFixed, _byCve, _baseLayers })
        {
            command.Options.Add(option);
        }
    }

    public ScanOptions Read(ParseResult parseResult, CliConsole console, GantryEngine engine) => new()
    {
        Sbom = new SbomOptions { Source = _source.Read(parseResult), Scope = _scope.Read(parseResult), Cache = _cache.Open(parseResult, console, engine) },
        DatabasePath = parseResult.GetValue(_db),
        MaxDatabaseAge = DbOptions.ParseDuration(parseResult.GetValue(_maxAge)!, "--db-max-age"),
        AllowStale = parseResult.GetValue(_allowStale),
        CpeForAll = parseResult.GetValue(_cpe),
        IgnoreFile = parseResult.GetValue(_ignore),
        VexFiles = parseResult.GetValue(_vex) ?? [],
        OnlyFixed = parseResult.GetValue(_onlyFixed),
        ByCve = parseResult.GetValue(_byCve),
        BaseLayers = parseResult.GetValue(_baseLayers),
    };

    /// <summary>Parses a <c>--fail-on</c> severity name.</summary>
    public static Severity ParseSeverity(string text) =>
        Enum.TryParse<Severity>(text, ignoreCase: true, out var severity) && severity != Severity.Unknown && !int.TryParse(text, out _)
            ? severity
            : throw new InvalidInputException($"--fail-on: unknown severity '{text}' (expected negligible, low, medium, high or critical)");
}
