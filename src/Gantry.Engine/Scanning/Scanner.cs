using Gantry.Core;
using Gantry.Vulnerabilities.Matching;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Suppression;

namespace Gantry.Engine.Scanning;

/// <summary>
/// The scan pipeline: SBOM, then matching against the vulnerability database, then suppression and the base/application
/// split. Inputs that can fail fast (ignore and VEX files, the database and its age) are checked before the image is read.
/// The database's age and the expiry of ignore rules are judged by <paramref name="clock"/> (default: the system clock).
/// </summary>
public sealed class Scanner(SbomGenerator generator, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public Scanner()
        : this(new SbomGenerator())
    {
    }

    public async Task<ScanReport> ScanAsync(string source, ScanOptions options, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var suppressor = LoadSuppressor(options, _clock);
        using var store = OpenDatabase(options, _clock);
        var sbom = await generator.GenerateAsync(source, options.Sbom, progress, cancellationToken).ConfigureAwait(false);
        var split = await BaseLayerSplit.ResolveAsync(sbom.Source, options.BaseLayers, options.Sbom.Source.On(_clock).Registry, cancellationToken).ConfigureAwait(false);
        progress?.Report(new AnalysisProgress("matching", 0, sbom.Packages.Count));
        var report = Scan(sbom, store, options, suppressor, split, cancellationToken);
        progress?.Report(new AnalysisProgress("matching", sbom.Packages.Count, sbom.Packages.Count));
        return report;
    }

    /// <summary>
    /// <c>explain</c>: why <paramref name="vulnerabilityId"/> was, or was not, reported for the image: the record, the
    /// range and the version comparison, as lines of text.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(string vulnerabilityId, string source, ScanOptions options, IProgress<AnalysisProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var suppressor = LoadSuppressor(options, _clock);
        using var store = OpenDatabase(options, _clock);
        var sbom = await generator.GenerateAsync(source, options.Sbom, progress, cancellationToken).ConfigureAwait(false);
        return Explainer.Explain(vulnerabilityId, Scan(sbom, store, options, suppressor, cancellationToken), store);
    }

    /// <summary>Opens the database of the options and checks its age by <paramref name="clock"/> (default: the system clock).</summary>
    public static SqliteVulnerabilityStore OpenDatabase(ScanOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = SqliteVulnerabilityStore.Open(DatabasePaths.Resolve(options.DatabasePath));
        try
        {
            DatabaseFreshness.Check(store.Metadata, options.MaxDatabaseAge, options.AllowStale, (clock ?? TimeProvider.System).GetUtcNow());
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The ignore rules and VEX statements of the options; a rule past its expiry date by <paramref name="clock"/> no longer applies.</summary>
    public static FindingSuppressor LoadSuppressor(ScanOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.IgnoreFile is null ? [] : IgnoreFile.Load(options.IgnoreFile);
        var vex = options.VexFiles.SelectMany(VexDocument.Load).ToList();
        return new FindingSuppressor(rules, vex, options.OnlyFixed, DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime));
    }

    /// <summary>
    /// Matches an SBOM that is already built (the service and <c>sbom:</c> inputs come here directly), with the
    /// base/application split of <c>--base-layers</c> only: nothing is looked up in a registry.
    /// </summary>
    public static ScanReport Scan(Sbom sbom, IVulnerabilityStore store, ScanOptions options, FindingSuppressor suppressor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        ArgumentNullException.ThrowIfNull(options);
        return Scan(sbom, store, options, suppressor, BaseLayerSplit.FromCount(sbom.Source, options.BaseLayers), cancellationToken);
    }

    /// <summary>
    /// The warning of an image whose distro or release the database has no data for: its OS packages were not matched,
    /// which an empty result must never hide (the same test as <c>vulnerability_data_unavailable</c>).
    /// </summary>
    internal static IEnumerable<string> DistroCoverage(Sbom sbom, IVulnerabilityStore store) =>
        DistroFamilies.MissingData(store.Namespaces(), sbom.Distro, sbom.Packages.Select(p => p.Type)) is { } missing ? [missing] : [];

    /// <summary>Matches an SBOM that is already built, splitting the findings by <paramref name="split"/>.</summary>
    public static ScanReport Scan(Sbom sbom, IVulnerabilityStore store, ScanOptions options, FindingSuppressor suppressor, BaseLayerSplit split,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sbom);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(suppressor);
        ArgumentNullException.ThrowIfNull(split);
        var baseSet = split.DiffIds.ToHashSet(StringComparer.Ordinal);
        var history = sbom.Source.Layers
            .GroupBy(l => l.DiffId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().CreatedBy, StringComparer.Ordinal);
        var matched = VulnerabilityMatcher.Match(sbom, store, options.CpeForAll, cancellationToken);
        var findings = (options.ByCve ? CveOrientation.Apply(matched.Findings) : matched.Findings)
            .Select(f => new ReportedFinding(
                f,
                suppressor.SuppressionOf(f),
                new LayerOrigin(f.Package.LayerDiffId, history.GetValueOrDefault(f.Package.LayerDiffId), baseSet.Contains(f.Package.LayerDiffId))))
            .OrderByDescending(f => f.Finding.Vulnerability.Severity)
            .ThenBy(f => f.Finding.Package.Name, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Vulnerability.Id, StringComparer.Ordinal)
            .ToList();
        return new ScanReport
        {
            Sbom = sbom,
            Findings = findings,
            Database = new DatabaseDescription(store.Metadata.Path, store.Metadata.SchemaVersion, store.Metadata.Built),
            BaseLayers = split.DiffIds,
            BaseImage = split.BaseImage,
            BaseLayersFrom = split.Origin,
            Warnings = [.. DistroCoverage(sbom, store), .. suppressor.Warnings, .. split.Warnings],
            Diagnostics = matched.Diagnostics,
        };
    }
}
