using Gantry.Core;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Update;

namespace Gantry.Engine.Operations;

/// <summary>What one source holds: its counts, when and from where it was imported, and the checksum of what was read.</summary>
public sealed record DatabaseSource(
    string Name, string Format, string Location, DateTimeOffset Updated, long Records, long Affected, long Files, long Skipped, string? Checksum);

/// <summary>A file or record an import skipped, and why.</summary>
public sealed record SkippedInput(string File, string Reason);

/// <summary>One source of <c>db import</c>: what it added and what it skipped.</summary>
public sealed record ImportedSource(DatabaseSource Source, IReadOnlyList<SkippedInput> Skipped);

/// <summary><c>db status</c>: schema, build time and age (by the engine's clock), sources and skipped inputs.</summary>
public sealed record DatabaseStatus(
    string Path, int SchemaVersion, DateTimeOffset? Built, TimeSpan? Age, IReadOnlyList<DatabaseSource> Sources, IReadOnlyList<SkippedInput> Skipped)
{
    /// <summary>True when the database was built longer ago than <paramref name="maxAge"/>, or never.</summary>
    public bool IsOlderThan(TimeSpan maxAge) => Age is not { } age || age > maxAge;

    /// <summary>Identifies the build: results computed with one build stay valid until this changes (a rebuild, a new source checksum).</summary>
    public string BuildId => $"{SchemaVersion}:{Built?.ToUnixTimeMilliseconds()}:{string.Join(',', Sources.Select(s => s.Checksum ?? s.Name))}";
}

/// <summary>The archive <c>db build</c> wrote and the <c>latest.json</c> beside it.</summary>
public sealed record DatabaseArchiveFiles(string ArchivePath, long Bytes, string Sha256, string LatestPath);

/// <summary>The database <c>db update --from</c> installed.</summary>
public sealed record InstalledDatabase(string Path, int SchemaVersion, DateTimeOffset? Built, int Sources);

/// <summary>Downloaded bytes of one source of <c>db update</c> (<see cref="Total"/> null when the server does not say).</summary>
public sealed record DownloadProgress(string Source, long Bytes, long? Total);

/// <summary>One source of <c>db update</c>: updated (with what it holds now), unchanged, or failed (the message says why; its old data stays).</summary>
public sealed record SourceOutcome(string Source, SourceOutcomeKind Kind, string Message, DatabaseSource? Summary = null);

public enum SourceOutcomeKind
{
    Updated,
    Unchanged,
    Failed,
}

/// <summary>What <c>db update</c> did to each source, and whether the database was replaced.</summary>
public sealed record DatabaseUpdate(string Path, IReadOnlyList<SourceOutcome> Sources)
{
    public bool Replaced => Sources.Any(s => s.Kind == SourceOutcomeKind.Updated);

    public bool AnyFailed => Sources.Any(s => s.Kind == SourceOutcomeKind.Failed);
}

/// <summary>A package a vulnerability affects in one namespace, with its fix state, fixed versions and ranges as the feed gives them.</summary>
public sealed record AffectedEntry(
    string VulnerabilityId, string Namespace, string Name, string FixState, IReadOnlyList<string> FixedVersions, IReadOnlyList<string> Ranges,
    IReadOnlyList<string> Versions, string Source);

/// <summary><c>db search</c>: the records of an id (with what they affect), or the entries of a package.</summary>
public sealed record DatabaseSearch(IReadOnlyList<Vulnerability> Records, IReadOnlyList<AffectedEntry> Affected)
{
    public bool Found => Records.Count > 0 || Affected.Count > 0;
}

/// <summary>
/// The vulnerability database: <c>db import|update|status|build|search</c>. A null database path means the default
/// (<c>$GANTRY_DB</c>, else the user's cache folder). Build and import times come from the engine's clock.
/// </summary>
public sealed class DatabaseOperations(TimeProvider clock)
{
    /// <summary>Where the database is when no path is given, for help texts.</summary>
    public static string DefaultLocation => $"${DatabasePaths.EnvironmentVariable}, else $XDG_CACHE_HOME/gantry/db/{DatabasePaths.FileName}";

    /// <summary>The environment variable that names the database.</summary>
    public static string EnvironmentVariable => DatabasePaths.EnvironmentVariable;

    /// <summary>The feed formats <c>db import --format</c> accepts.</summary>
    public static IReadOnlyList<string> FeedFormatNames => FeedFormats.WireNames;

    /// <summary>The database file a path (or null: the default) names.</summary>
    public static string ResolvePath(string? path) => DatabasePaths.Resolve(path);

    /// <summary>
    /// Imports local files, folders or archives, each as one source (replacing what the same source held), in one build
    /// that replaces the database when all are read. <paramref name="format"/> is detected when null;
    /// <paramref name="sourceName"/> (default: the file or folder name) goes with a single path only.
    /// </summary>
    public IReadOnlyList<ImportedSource> Import(IReadOnlyList<string> paths, string? format, string? sourceName, string? databasePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (sourceName is not null && paths.Count > 1)
        {
            throw new InvalidInputException("--source names one source; import one path at a time with it");
        }

        var plan = paths.Select(path => (
            Path: Path.GetFullPath(path),
            Format: format is null ? FeedFormatDetector.Detect(path) : FeedFormats.Parse(format),
            Name: sourceName ?? FeedImport.SourceNameFor(path))).ToList();
        var imported = new List<ImportedSource>();
        using (var build = DatabaseBuild.Begin(ResolvePath(databasePath), clock: clock))
        {
            foreach (var (path, feedFormat, name) in plan)
            {
                // The checksum tells builds apart: two imports of other data within one second must not look the same to a service.
                var summary = FeedImport.Import(build, name, feedFormat, path, FeedImport.ChecksumOf(path), cancellationToken);
                imported.Add(new ImportedSource(ToSource(summary), Skipped(build.IssuesOf(name))));
            }

            build.Commit();
        }

        return imported;
    }

    /// <summary>The status of the database at <paramref name="databasePath"/>, or null when there is no file there (a service starting before its first update).</summary>
    public DatabaseStatus? TryStatus(string? databasePath) => File.Exists(ResolvePath(databasePath)) ? Status(databasePath) : null;

    public DatabaseStatus Status(string? databasePath)
    {
        var path = ResolvePath(databasePath);
        var metadata = VulnerabilityDatabase.ReadMetadata(path);
        return new DatabaseStatus(metadata.Path, metadata.SchemaVersion, metadata.Built, metadata.Age(clock.GetUtcNow()),
            metadata.Sources.Select(ToSource).ToList(), Skipped(VulnerabilityDatabase.ReadIssues(path, null)));
    }

    /// <summary>Packs the database into <paramref name="archivePath"/> (<c>.tar.zst</c>) and writes <c>latest.json</c> beside it.</summary>
    public DatabaseArchiveFiles Build(string? databasePath, string archivePath, string? url)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        if (!archivePath.EndsWith(".tar.zst", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"--out {archivePath}: the archive name must end in .tar.zst");
        }

        var latest = DatabaseArchive.Build(ResolvePath(databasePath), archivePath, url, clock);
        var full = Path.GetFullPath(archivePath);
        return new DatabaseArchiveFiles(full, new FileInfo(full).Length, latest.Sha256, Path.Combine(Path.GetDirectoryName(full)!, DatabaseArchive.LatestFileName));
    }

    /// <summary>Installs an archive made by <see cref="Build"/> from a <c>latest.json</c> or <c>.tar.zst</c> (URL or path).</summary>
    public async Task<InstalledDatabase> InstallAsync(string from, string? databasePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = ResolvePath(databasePath);
        using var http = CreateHttpClient();
        using var timeoutSource = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var installed = await DatabaseArchive.InstallAsync(from, path, http, linked.Token).ConfigureAwait(false);
        return new InstalledDatabase(path, installed.SchemaVersion, installed.Built, installed.Sources.Count);
    }

    /// <summary>
    /// Fetches the feeds of a sources file (null: the public upstreams), re-imports those that changed and swaps the new
    /// database in; a source that fails keeps its old data. <paramref name="timeout"/> bounds each download.
    /// </summary>
    public async Task<DatabaseUpdate> UpdateAsync(string? sourcesFile, string? databasePath, TimeSpan timeout, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var path = ResolvePath(databasePath);
        var sources = sourcesFile is null ? SourcesFile.Default : SourcesFile.Load(sourcesFile);
        using var http = CreateHttpClient();
        var fetcher = new FeedFetcher(http, DatabasePaths.FeedCache(path), timeout, clock: clock);
        var fetchProgress = progress is null ? null : new SynchronousProgress<FetchProgress>(p => progress.Report(new DownloadProgress(p.Source, p.Bytes, p.Total)));
        var results = await DatabaseUpdater.UpdateAsync(path, sources, fetcher, fetchProgress, cancellationToken, clock).ConfigureAwait(false);
        return new DatabaseUpdate(path, results.Select(r => new SourceOutcome(
            r.Source,
            r.Status switch
            {
                SourceUpdateStatus.Updated => SourceOutcomeKind.Updated,
                SourceUpdateStatus.Unchanged => SourceOutcomeKind.Unchanged,
                _ => SourceOutcomeKind.Failed,
            },
            r.Message,
            r.Summary is null ? null : ToSource(r.Summary))).ToList());
    }

    /// <summary>
    /// The records of a vulnerability id or alias with the packages they affect, or the entries of a package (in one
    /// namespace, or under any of its usual spellings).
    /// </summary>
    public DatabaseSearch Search(string? databasePath, string? vulnerabilityId, string? package, string? @namespace)
    {
        using var store = SqliteVulnerabilityStore.Open(ResolvePath(databasePath));
        if (vulnerabilityId is not null)
        {
            var records = store.GetRecords(vulnerabilityId);
            var affected = records.Count == 0 ? [] : store.FindAffectedByVulnerability(records[0].Id);
            return new DatabaseSearch(records, affected.Select(ToEntry).ToList());
        }

        ArgumentNullException.ThrowIfNull(package);
        var entries = @namespace is not null
            ? store.FindAffected(@namespace, PackageNames.Normalize(@namespace, package))
            : new[] { package, package.ToLowerInvariant(), PackageNames.Normalize("PyPI", package) }
                .Distinct(StringComparer.Ordinal)
                .SelectMany(store.FindAffectedByName)
                .ToList();
        return new DatabaseSearch([], entries.Select(ToEntry).ToList());
    }

    private static HttpClient CreateHttpClient()
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("gantry-db-update");
        return http;
    }

    private static DatabaseSource ToSource(SourceSummary s) => new(s.Name, s.Format, s.Location, s.Updated, s.Records, s.Affected, s.Files, s.Skipped, s.Checksum);

    private static List<SkippedInput> Skipped(IEnumerable<ImportIssue> issues) => issues.Select(i => new SkippedInput(i.File, i.Reason)).ToList();

    private static AffectedEntry ToEntry(AffectedPackage entry) => new(
        entry.VulnerabilityId, entry.Namespace, entry.Name, FixStates.ToWire(entry.FixState), entry.FixedVersions,
        entry.Ranges.Select(r => r.ToString()).ToList(), entry.Versions, entry.Source);
}
