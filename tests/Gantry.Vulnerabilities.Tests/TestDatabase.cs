using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Vulnerabilities.Tests;

/// <summary>A throwaway folder with a database path in it, deleted after the test.</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("gantry-db-test-").FullName;
        Path = System.IO.Path.Combine(Folder, DatabasePaths.FileName);
    }

    public string Folder { get; }

    public string Path { get; }

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public SourceSummary Import(string source, FeedFormat format, string path)
    {
        using var build = DatabaseBuild.Begin(Path);
        var summary = FeedImport.Import(build, source, format, path, null, CancellationToken.None);
        build.Commit();
        return summary;
    }

    public SqliteVulnerabilityStore Open() => SqliteVulnerabilityStore.Open(Path);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
