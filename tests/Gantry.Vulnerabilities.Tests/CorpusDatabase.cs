using Gantry.TestKit.Feeds;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests;

/// <summary>
/// The whole corpus (OSV Go, OSV PyPI, Alpine secdb) imported once, as <c>gantry db import</c> does, and shared
/// read-only by the tests of the <see cref="CorpusDatabaseDefinition"/>.
/// </summary>
public sealed class CorpusDatabase : IDisposable
{
    private readonly TestDatabase _db = new();

    public CorpusDatabase()
    {
        using var build = DatabaseBuild.Begin(_db.Path);
        foreach (var source in new[] { "osv-go", "osv-pypi", "alpine-secdb" })
        {
            var folder = FeedCorpus.Path(source);
            FeedImport.Import(build, source, FeedFormatDetector.Detect(folder), folder, null, CancellationToken.None);
        }

        Summaries = build.Imported.ToDictionary(s => s.Name, StringComparer.Ordinal);
        build.Commit();
    }

    public string Path => _db.Path;

    public IReadOnlyDictionary<string, SourceSummary> Summaries { get; }

    public SqliteVulnerabilityStore Open() => _db.Open();

    public void Dispose() => _db.Dispose();
}

[CollectionDefinition(Name)]
public sealed class CorpusDatabaseDefinition : ICollectionFixture<CorpusDatabase>
{
    public const string Name = "corpus database";
}
