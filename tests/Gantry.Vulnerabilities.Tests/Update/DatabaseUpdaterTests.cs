using System.Net;
using System.Text;
using Gantry.Core.Http;
using Gantry.TestKit;
using Gantry.TestKit.Feeds;
using Gantry.TestKit.Registry;
using Gantry.TestKit.Traits;
using Gantry.Vulnerabilities.Import;
using Gantry.Vulnerabilities.Store;
using Gantry.Vulnerabilities.Update;
using Microsoft.Data.Sqlite;

namespace Gantry.Vulnerabilities.Tests.Update;

public class DatabaseUpdaterTests
{
    private static readonly HttpClient Http = new();

    /// <summary>Retries without waiting, so a failing feed costs no wall-clock time.</summary>
    private static readonly HttpRetryOptions NoWait = new() { BaseDelay = TimeSpan.Zero };

    [Slow(SlowBecause.LoopbackServer)]
    [Fact]
    public async Task Should_Build_The_Same_Content_As_Import_When_Updating_From_The_Loopback_Server()
    {
        using var server = new FeedServer();
        using var imported = new TestDatabase();
        using var updated = new TestDatabase();
        var go = CorpusSubset.OsvGo(imported.Folder);
        var pypi = CorpusSubset.OsvPypi(imported.Folder);
        var secdb = CorpusSubset.AlpineSecdb(imported.Folder);
        server.ServeOsvZip("Go/all.zip", go);
        server.ServeOsvZip("PyPI/all.zip", pypi);
        var secdbUrls = new List<string>();
        foreach (var branch in Directory.GetDirectories(secdb).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            foreach (var repo in new[] { "main", "community" })
            {
                server.ServeSecdbJson($"{branch}/{repo}.json", Path.Combine(secdb, branch!, repo + ".yaml"));
                secdbUrls.Add(server.Url($"{branch}/{repo}.json"));
            }
        }

        using (var build = DatabaseBuild.Begin(imported.Path))
        {
            FeedImport.Import(build, "osv-go", FeedFormat.Osv, go, null, default);
            FeedImport.Import(build, "osv-pypi", FeedFormat.Osv, pypi, null, default);
            FeedImport.Import(build, "alpine-secdb", FeedFormat.AlpineSecdb, secdb, null, default);
            build.Commit();
        }

        var sources = new SourcesFile(
        [
            new FeedSource { Name = "osv-go", Format = "osv", Urls = [server.Url("Go/all.zip")] },
            new FeedSource { Name = "osv-pypi", Format = "osv", Urls = [server.Url("PyPI/all.zip")] },
            new FeedSource { Name = "alpine-secdb", Format = "alpine-secdb", Urls = secdbUrls },
        ]);

        var results = await Update(updated, sources);

        Assert.All(results, r => Assert.Equal(SourceUpdateStatus.Updated, r.Status));
        Assert.Equal(Content(imported.Path), Content(updated.Path));
        var counts = VulnerabilityDatabase.ReadMetadata(updated.Path).Sources.ToDictionary(s => s.Name, s => (s.Records, s.Affected, s.Files, s.Skipped));
        Assert.Equal(VulnerabilityDatabase.ReadMetadata(imported.Path).Sources.ToDictionary(s => s.Name, s => (s.Records, s.Affected, s.Files, s.Skipped)), counts);

        // A second update asks conditionally, gets 304s and leaves the database alone.
        var built = VulnerabilityDatabase.ReadMetadata(updated.Path).Built;
        var again = await Update(updated, sources);
        Assert.All(again, r => Assert.Equal(SourceUpdateStatus.Unchanged, r.Status));
        Assert.Equal(2 + secdbUrls.Count, server.NotModified);
        Assert.Equal(built, VulnerabilityDatabase.ReadMetadata(updated.Path).Built);
    }

    [Slow(SlowBecause.LoopbackServer)]
    [Fact]
    public async Task Should_Keep_The_Old_Data_Of_A_Source_When_Its_Download_Misbehaves()
    {
        using var server = new FeedServer();
        using var db = new TestDatabase();
        var zip = FeedServer.ZipFolder(CorpusSubset.OsvGo(db.Folder));
        server.ServeBytes("good/all.zip", zip);
        await Update(db, new SourcesFile([new FeedSource { Name = "osv-go", Format = "osv", Urls = [server.Url("good/all.zip")] }]));
        var before = Content(db.Path);
        server.Fail("missing/all.zip", HttpStatusCode.NotFound);
        server.Fail("broken/all.zip", HttpStatusCode.InternalServerError);
        server.CutShort("cut/all.zip", zip);
        server.Slow("slow/all.zip", zip, TimeSpan.FromSeconds(10));
        server.ServeBytes("checksum.txt", Encoding.ASCII.GetBytes(new string('0', 64) + "  all.zip\n"));
        var cases = new (string Path, string? ChecksumUrl, string Expected)[]
        {
            ("missing/all.zip", null, "HTTP 404"),
            ("broken/all.zip", null, "HTTP 500"),
            ("cut/all.zip", null, "download"),
            ("slow/all.zip", null, "no complete answer within 1 s"),
            ("good/all.zip", server.Url("checksum.txt"), "sha256 mismatch"),
        };

        foreach (var (path, checksumUrl, expected) in cases)
        {
            // Only the slow download is meant to time out; the others get the timeout no machine load reaches.
            var results = await Update(db, new SourcesFile([new FeedSource { Name = "osv-go", Format = "osv", Urls = [server.Url(path)], ChecksumUrl = checksumUrl }]),
                path == "slow/all.zip" ? TimeSpan.FromSeconds(1) : null);

            var result = Assert.Single(results);
            Assert.Equal(SourceUpdateStatus.Failed, result.Status);
            Assert.Contains(expected, result.Message);
            Assert.Contains("keeping the data from", result.Message);
            Assert.Equal(before, Content(db.Path));
        }
    }

    [Fact]
    public async Task Should_Report_Each_Source_When_The_Network_Is_Unreachable()
    {
        using var db = new TestDatabase();
        db.Import("osv-go", FeedFormat.Osv, FeedCorpus.Path("osv-go", "GO-2020-0001.json"));
        var before = Content(db.Path);
        var port = LoopbackPorts.Free();

        var results = await Update(db, new SourcesFile(
        [
            new FeedSource { Name = "osv-go", Format = "osv", Urls = [$"http://127.0.0.1:{port}/Go/all.zip"] },
            new FeedSource { Name = "kev", Format = "kev", Urls = [$"http://127.0.0.1:{port}/kev.json"] },
        ]));

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Contains("cannot download (no network?)", r.Message));
        Assert.Equal(before, Content(db.Path));
    }

    [Slow(SlowBecause.LoopbackServer)]
    [Fact]
    public async Task Should_Import_A_Feed_When_It_Answers_503_Once_Then_Succeeds()
    {
        using var db = new TestDatabase();
        var zip = FeedServer.ZipFolder(CorpusSubset.OsvGo(db.Folder));
        var requests = 0;
        using var server = new LoopbackServer(context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }

            context.Response.ContentLength64 = zip.Length;
            context.Response.OutputStream.Write(zip);
        });

        var results = await Update(db, OneSource($"http://{server.Host}/Go/all.zip"));

        Assert.Equal(SourceUpdateStatus.Updated, Assert.Single(results).Status);
        Assert.Equal(2, requests);
        Assert.True(VulnerabilityDatabase.ReadMetadata(db.Path).Sources.Single().Records > 0);
    }

    [Slow(SlowBecause.LoopbackServer)]
    [Fact]
    public async Task Should_Fail_With_One_Line_After_Every_Attempt_When_A_Feed_Always_Answers_500()
    {
        using var server = new FeedServer();
        using var db = new TestDatabase();
        server.Fail("Go/all.zip", HttpStatusCode.InternalServerError);

        var results = await Update(db, OneSource(server.Url("Go/all.zip")), retry: NoWait with { MaxRetries = 2 });

        var result = Assert.Single(results);
        Assert.Equal(SourceUpdateStatus.Failed, result.Status);
        Assert.Contains("HTTP 500 Internal Server Error (3 attempts)", result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Equal(3, server.Requests);
    }

    [Slow(SlowBecause.LoopbackServer)]
    [Fact]
    public async Task Should_Not_Retry_When_A_Feed_Answers_401()
    {
        using var server = new FeedServer();
        using var db = new TestDatabase();
        server.Fail("Go/all.zip", HttpStatusCode.Unauthorized);

        var results = await Update(db, OneSource(server.Url("Go/all.zip")));

        var result = Assert.Single(results);
        Assert.Equal(SourceUpdateStatus.Failed, result.Status);
        Assert.Contains("HTTP 401 Unauthorized;", result.Message);
        Assert.Equal(1, server.Requests);
    }

    private static SourcesFile OneSource(string url) => new([new FeedSource { Name = "osv-go", Format = "osv", Urls = [url] }]);

    /// <summary>
    /// Updates with a per-request timeout of <paramref name="timeout"/>, by default one a loaded machine never reaches, retrying
    /// without waiting unless <paramref name="retry"/> says otherwise.
    /// </summary>
    private static Task<IReadOnlyList<SourceUpdate>> Update(TestDatabase db, SourcesFile sources, TimeSpan? timeout = null, HttpRetryOptions? retry = null) =>
        DatabaseUpdater.UpdateAsync(db.Path, sources, new FeedFetcher(Http, DatabasePaths.FeedCache(db.Path), timeout ?? TimeSpan.FromMinutes(1), retry ?? NoWait),
            null, CancellationToken.None);

    /// <summary>Everything the matcher can see, independent of file paths and timestamps.</summary>
    internal static string Content(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.source || '|' || v.id || '|' || v.record || '|' || COALESCE((SELECT group_concat(a.namespace || ':' || a.normalized_name || ':' || a.fix_state || ':' || a.record, ';') FROM (SELECT * FROM affected a WHERE a.vulnerability = v.pk ORDER BY a.namespace, a.name, a.record) a), '')
            FROM vulnerabilities v ORDER BY v.source, v.id
            """;
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        while (reader.Read())
        {
            text.Append(reader.GetString(0)).Append('\n');
        }

        return text.ToString();
    }
}
